"""A coordinator's first steps, in a real browser."""

import re

from playwright.sync_api import Page, expect


def test_coordinator_logs_in_and_out(page: Page, login) -> None:
    login("coordinator@example.org")
    expect(page).to_have_url(re.compile(r"/coordinator/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("dashboard", ignore_case=True)
    page.get_by_role("button", name=re.compile("Log out")).click()
    expect(page).to_have_url(re.compile(r"/login$"))
    page.goto("/coordinator/")
    expect(page).to_have_url(re.compile(r"/login\?next="))


def test_wrong_password_is_told_and_keyboard_reaches_the_form(page: Page, login) -> None:
    login("coordinator@example.org", "not the password at all")
    expect(page.get_by_role("alert")).to_contain_text("email or password is not right")
    page.goto("/login")
    page.keyboard.press("Tab")  # skip link first
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
