"""Business rules as plain functions over the models.

No request, session or flash in here: views, commands and the API call these
and decide themselves how to answer.  Services add to the session and flush;
the caller commits.
"""
