-- A database at migration 0001 (the schema before requirement kinds), filled by that
-- revision's demo seed on 2026-12-01. tests/test_migrations.py upgrades it and checks
-- that every verdict in demo-0001-verdicts.json (computed by that revision's
-- eligibility service, as of 2026-12-01) is unchanged.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO alembic_version VALUES('0001');
CREATE TABLE modules (
	id INTEGER NOT NULL, 
	code VARCHAR(20) NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	category VARCHAR(30) NOT NULL, 
	contact_minutes INTEGER NOT NULL, 
	pass_mark INTEGER, 
	archived_at DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_modules PRIMARY KEY (id), 
	CONSTRAINT ck_modules_category_valid CHECK (category IN ('ethics', 'recovery', 'communication', 'crisis', 'cultural_humility', 'self_care', 'group_facilitation', 'other')), 
	CONSTRAINT ck_modules_contact_minutes_range CHECK (contact_minutes >= 0 AND contact_minutes <= 100000), 
	CONSTRAINT ck_modules_code_not_empty CHECK (length(code) >= 1), 
	CONSTRAINT ck_modules_title_not_empty CHECK (length(title) >= 1), 
	CONSTRAINT ck_modules_pass_mark_range CHECK (pass_mark IS NULL OR (pass_mark >= 0 AND pass_mark <= 100)), 
	CONSTRAINT uq_modules_code UNIQUE (code)
);
INSERT INTO modules VALUES(1,'PSS-101','Foundations of peer support','What peer support is and is not; the history of the peer movement; mutuality.','recovery',240,NULL,NULL,'2026-12-01 01:26:23.266030','2026-12-01 01:26:23.266035');
INSERT INTO modules VALUES(2,'PSS-102','Recovery-oriented language and hope','Person-first language, strengths-based conversations, holding hope for others.','recovery',240,NULL,NULL,'2026-12-01 01:26:23.266036','2026-12-01 01:26:23.266037');
INSERT INTO modules VALUES(3,'PSS-103','Active listening and sharing your story','Reflective listening, open questions, and purposeful, safe self-disclosure.','communication',300,NULL,NULL,'2026-12-01 01:26:23.266038','2026-12-01 01:26:23.266038');
INSERT INTO modules VALUES(4,'PSS-104','Ethics I: confidentiality and its limits','What stays private, what must be shared, and how to explain the difference.','ethics',180,NULL,NULL,'2026-12-01 01:26:23.266039','2026-12-01 01:26:23.266040');
INSERT INTO modules VALUES(5,'PSS-105','Ethics II: boundaries and dual relationships','Friendship, money, gifts and social media: keeping the relationship safe.','ethics',180,NULL,NULL,'2026-12-01 01:26:23.266041','2026-12-01 01:26:23.266041');
INSERT INTO modules VALUES(6,'PSS-106','Crisis response and safety planning','Recognising a crisis, staying with someone, warm hand-offs, safety plans.','crisis',300,NULL,NULL,'2026-12-01 01:26:23.266042','2026-12-01 01:26:23.266043');
INSERT INTO modules VALUES(7,'PSS-107','Cultural humility and trauma-informed practice','Power, privilege and identity; the principles of trauma-informed support.','cultural_humility',300,NULL,NULL,'2026-12-01 01:26:23.266044','2026-12-01 01:26:23.266044');
INSERT INTO modules VALUES(8,'PSS-108','Self-care and avoiding burnout','Noticing your own warning signs, wellness plans, using supervision well.','self_care',180,NULL,NULL,'2026-12-01 01:26:23.266045','2026-12-01 01:26:23.266046');
INSERT INTO modules VALUES(9,'PSS-109','Documentation, privacy and working in teams','Writing notes without identifying details, and working alongside clinicians.','other',240,NULL,NULL,'2026-12-01 01:26:23.266046','2026-12-01 01:26:23.266047');
INSERT INTO modules VALUES(10,'PSS-110','Review and certification exam','A review day followed by a written exam; the pass mark is 70.','other',240,70,NULL,'2026-12-01 01:26:23.266048','2026-12-01 01:26:23.266049');
INSERT INTO modules VALUES(11,'SGF-201','Group facilitation basics','Opening and closing a group, group agreements, sharing the airtime.','group_facilitation',240,NULL,NULL,'2026-12-01 01:26:23.266049','2026-12-01 01:26:23.266050');
INSERT INTO modules VALUES(12,'SGF-202','Holding a safe group space','Inclusion, triggers, and what to do when someone is distressed in a group.','group_facilitation',180,NULL,NULL,'2026-12-01 01:26:23.266051','2026-12-01 01:26:23.266052');
INSERT INTO modules VALUES(13,'SGF-203','Conflict and crisis in groups','De-escalation, stepping out with one member, and debriefing afterwards.','crisis',180,NULL,NULL,'2026-12-01 01:26:23.266052','2026-12-01 01:26:23.266053');
INSERT INTO modules VALUES(14,'SGF-204','Facilitating online groups','Video and text groups: privacy settings, moderation and dropping connections.','group_facilitation',120,NULL,NULL,'2026-12-01 01:26:23.266054','2026-12-01 01:26:23.266054');
INSERT INTO modules VALUES(15,'CE-301','Ethics refresher: social media and peer work','Friend requests, online disclosure and representing the organisation online.','ethics',120,NULL,NULL,'2026-12-01 01:26:23.266055','2026-12-01 01:26:23.266056');
INSERT INTO modules VALUES(16,'CE-302','Ethics refresher: mandatory reporting update','This year''s changes to reporting duties, with worked examples.','ethics',90,NULL,NULL,'2026-12-01 01:26:23.266057','2026-12-01 01:26:23.266057');
INSERT INTO modules VALUES(17,'CE-303','Supporting people through grief','Loss, anniversaries and complicated grief in peer conversations.','recovery',180,NULL,NULL,'2026-12-01 01:26:23.266058','2026-12-01 01:26:23.266059');
INSERT INTO modules VALUES(18,'CE-304','Harm reduction basics','Meeting people where they are; overdose awareness and naloxone.','recovery',180,NULL,NULL,'2026-12-01 01:26:23.266060','2026-12-01 01:26:23.266060');
INSERT INTO modules VALUES(19,'CE-305','Suicide prevention gatekeeper training','Asking directly about suicide, persuading someone to get help, referring.','crisis',240,NULL,NULL,'2026-12-01 01:26:23.266061','2026-12-01 01:26:23.266062');
INSERT INTO modules VALUES(20,'CE-306','Peer support and employment','Supporting someone back to work: disclosure at work, benefits, reasonable adjustments.','recovery',180,NULL,NULL,'2026-12-01 01:26:23.266062','2026-12-01 01:26:23.266063');
INSERT INTO modules VALUES(21,'CE-307','Working alongside families and carers','Involving family with consent, and holding the person''s own choices at the centre.','communication',180,NULL,NULL,'2026-12-01 01:26:23.266064','2026-12-01 01:26:23.266065');
INSERT INTO modules VALUES(22,'CE-308','Digital peer support','Text, chat and forums: pacing, tone, and moving to voice when it matters.','communication',120,NULL,NULL,'2026-12-01 01:26:23.266065','2026-12-01 01:26:23.266066');
INSERT INTO modules VALUES(23,'PSS-099','Orientation (old format)','Replaced by PSS-101 in the current curriculum; kept for the records of those who took it.','other',120,NULL,'2024-06-01 10:00:00.000000','2026-12-01 01:26:23.266067','2026-12-01 01:26:23.266068');
CREATE TABLE programs (
	id INTEGER NOT NULL, 
	code VARCHAR(10) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	description TEXT NOT NULL, 
	requires_ethics BOOLEAN NOT NULL, 
	validity_months INTEGER NOT NULL, 
	renewal_window_days INTEGER NOT NULL, 
	renewal_ce_minutes INTEGER NOT NULL, 
	renewal_category VARCHAR(30), 
	renewal_category_minutes INTEGER NOT NULL, 
	grace_days INTEGER NOT NULL, 
	archived_at DATETIME, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_programs PRIMARY KEY (id), 
	CONSTRAINT ck_programs_renewal_category_valid CHECK (renewal_category IS NULL OR renewal_category IN ('ethics', 'recovery', 'communication', 'crisis', 'cultural_humility', 'self_care', 'group_facilitation', 'other')), 
	CONSTRAINT ck_programs_grace_nonnegative CHECK (grace_days >= 0), 
	CONSTRAINT ck_programs_code_upper CHECK (length(code) >= 2 AND code = upper(code)), 
	CONSTRAINT ck_programs_name_not_empty CHECK (length(name) >= 1), 
	CONSTRAINT ck_programs_renewal_category_nonnegative CHECK (renewal_category_minutes >= 0), 
	CONSTRAINT ck_programs_renewal_ce_nonnegative CHECK (renewal_ce_minutes >= 0), 
	CONSTRAINT ck_programs_renewal_window_nonnegative CHECK (renewal_window_days >= 0), 
	CONSTRAINT ck_programs_validity_range CHECK (validity_months > 0 AND validity_months <= 240), 
	CONSTRAINT uq_programs_code UNIQUE (code), 
	CONSTRAINT uq_programs_name UNIQUE (name)
);
INSERT INTO programs VALUES(1,'PSS','Peer Support Specialist','The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.',1,24,60,1200,'ethics',180,60,NULL,'2026-12-01 01:26:23.270484','2026-12-01 01:26:23.270488');
INSERT INTO programs VALUES(2,'SGF','Support Group Facilitator','For peers who run support groups, in person or online. Builds on the ethics module of the specialist program.',1,24,45,480,'group_facilitation',120,30,NULL,'2026-12-01 01:26:23.270489','2026-12-01 01:26:23.270490');
CREATE TABLE users (
	id INTEGER NOT NULL, 
	email VARCHAR(254) NOT NULL, 
	display_name VARCHAR(120) NOT NULL, 
	role VARCHAR(20) NOT NULL, 
	active BOOLEAN NOT NULL, 
	password_hash VARCHAR(255), 
	session_token VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_login_at DATETIME, 
	deactivated_at DATETIME, 
	CONSTRAINT pk_users PRIMARY KEY (id), 
	CONSTRAINT ck_users_role_valid CHECK (role IN ('trainee', 'coordinator')), 
	CONSTRAINT ck_users_email_lowercase CHECK (email = lower(email)), 
	CONSTRAINT ck_users_display_name_not_empty CHECK (length(display_name) >= 1), 
	CONSTRAINT ck_users_email_not_empty CHECK (length(email) >= 3), 
	CONSTRAINT uq_users_email UNIQUE (email)
);
INSERT INTO users VALUES(1,'coordinator@example.org','Morgan Ellis','coordinator',1,'$argon2id$v=19$m=8,t=1,p=1$GAmPj6km9wYRzHon4Oo3Nw$bGTKOdK8gcAMoSijxn9cj8J/mnBEL/CnvCuDwXA+5Go','K7aAYLEV3emtDLachhY1vrd2n0KE-FvI','2026-12-01 01:26:23.238338',NULL,NULL);
INSERT INTO users VALUES(2,'supervisor@example.org','Priya Raman','coordinator',1,'$argon2id$v=19$m=8,t=1,p=1$K0on6i0ctdDxfIOeb+BxEw$IQatiFrmM5AGtNlvfu7s1C79q68A0fkeEZQixB0+OX4','5j0LVY6CxR9QAa2oUwhA-hebchtTJVu4','2026-12-01 01:26:23.241976',NULL,NULL);
INSERT INTO users VALUES(3,'trainee@example.org','Alex Rivera','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$KFDTAYuwLnQrXP2dgc1PsQ$gclkDfyXPZLbJtv5naup0ctDbIn3VKmgNRjFo3a9tf4','JdwrmIyM-l_bRnfD2mfD9VEiyggXkH7p','2026-12-01 01:26:23.243777',NULL,NULL);
INSERT INTO users VALUES(4,'sam.taylor@example.org','Sam Taylor','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$0Mam/CpssYe0xsViel1uIg$J84i9YlF8nj4iqnkx8C1HAAV/4MY1WhKb+ANMGGLOXs','V_QVreway6U20JQ99GffPRR_up5rmol7','2026-12-01 01:26:23.245366',NULL,NULL);
INSERT INTO users VALUES(5,'kai.nguyen@example.org','Kai Nguyen','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$bthuU+A/sR5oHya7fgfrNA$I0L95u3ordGjkLJuMexZ8Dsyos8cr88QgACX8/+fcAc','v00BVp-gvmH6cH6dvRUFUysCCVRVMf2l','2026-12-01 01:26:23.246845',NULL,NULL);
INSERT INTO users VALUES(6,'casey.morgan@example.org','Casey Morgan','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$FVkZAju1VxqohqlP9p2pnQ$0uMhzgpAoScORccWRhtgRAC9KopwybKDxhkavjDpxjw','xo4wzxWyYM_BsjiklJgStRnurNsaS0Te','2026-12-01 01:26:23.248164',NULL,NULL);
INSERT INTO users VALUES(7,'dana.kim@example.org','Dana Kim','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$MHwJoCwyVHdxecfCROmfVQ$cHe7xRW2QsN/bxuh1P7xB7QQwFe/pE5LCuoN3MT1dVk','oqh12AdI5YaVkziRUa2ik_j4HyS2LSEe','2026-12-01 01:26:23.249598',NULL,NULL);
INSERT INTO users VALUES(8,'riley.chen@example.org','Riley Chen','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$l0pR89BOUXWgd1U1I29s9g$Ax60dJShQnAJa5FlYbCf+9XTuvgkXyv+IDp1C05fvwM','gY8qRlZO2VBcVHBXK6Up-YaQl5hced9T','2026-12-01 01:26:23.251040',NULL,NULL);
INSERT INTO users VALUES(9,'robin.walsh@example.org','Robin Walsh','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$3J0tvQFrvhFGl0THoEHOCg$Vz4Qkxq3fHd4WqfgbVRlpjHUJydIhewD14qMMjt+mTE','VL1caf-JKNI0EoND6PEtvCnHmD4JVScM','2026-12-01 01:26:23.252282',NULL,NULL);
INSERT INTO users VALUES(10,'taylor.brooks@example.org','Taylor Brooks','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$C3yQQroG0ncU6aK08UfI0g$p0fE9Dh7Hq6SqbVrp8kSJcHa7Y8pBiZpfkh4NE4j0H0','t8X7yPRC5rbxntfQS4yLz1VUXE1uYgY2','2026-12-01 01:26:23.253462',NULL,NULL);
INSERT INTO users VALUES(11,'drew.patel@example.org','Drew Patel','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$pfrf9sRDBey2blEYbgr6XQ$zjEbDji5Mb8Z6+hVXfyoDIV4I8b/Pm2Ddqetym/ZJwM','tPsA2Lqnw9Pw4lNhnkWs4XMSFazJmKeN','2026-12-01 01:26:23.254654',NULL,NULL);
INSERT INTO users VALUES(12,'jesse.park@example.org','Jesse Park','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$wje3/ucPwFYz61DCIz0JYA$2R+60V3863o2QcoqPzyMlWzhDHdyfrZFKmKWaqFnT7M','hz-5L9W45WiO374yTNuzSG8BLreTpKug','2026-12-01 01:26:23.255762',NULL,NULL);
INSERT INTO users VALUES(13,'avery.johnson@example.org','Avery Johnson','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$gwHCybIbFio2I6nb5airLw$Z9ewhTmOmefJs+hmtiBtMj29Gfg5bd8z+erbjyhz8tA','5Ys7l_qwCDmwZt_QzM4uA9-XiSpf2r1H','2026-12-01 01:26:23.256860',NULL,NULL);
INSERT INTO users VALUES(14,'quinn.martinez@example.org','Quinn Martinez','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$cGZIoYmPybu7705lOz1tfw$AbDDIbv2DkpJWVIPblatsadlsBaI0WEEKUF0D0F4Bes','chQ-x2RfAy3blUz8szf2RNkxQPitNt5d','2026-12-01 01:26:23.258002',NULL,NULL);
INSERT INTO users VALUES(15,'sky.adams@example.org','Sky Adams','trainee',1,'$argon2id$v=19$m=8,t=1,p=1$g84zJ0GwJZxaX/qU5AQ6gw$G3XTjPXdT1IBRHRYB5TB1eoqlX+yjxMYWg9aLeef4RE','67OcXfVw8i0Iumn-zLdHDXwmQdvRPvUj','2026-12-01 01:26:23.259007',NULL,NULL);
INSERT INTO users VALUES(16,'jamie.fox@example.org','Jamie Fox','trainee',0,'$argon2id$v=19$m=8,t=1,p=1$tqf/NRPNBul1+bR37RxA+g$5AF91WsZTh0mtfx1Ns8DC/r3Ak6Y5JnKZSAVVxf5wL4','yoOE0fkH-ofYwy7nwCT-9apdh0TMNE8H','2026-12-01 01:26:23.260126',NULL,'2026-12-01 01:26:23.594627');
INSERT INTO users VALUES(17,'lee.jordan@example.org','Lee Jordan','trainee',1,NULL,'t2z-g-SFEieGMw0caVIjyCiyTkbAoPls','2026-12-01 01:26:23.261294',NULL,NULL);
CREATE TABLE account_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	purpose VARCHAR(20) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	used_at DATETIME, 
	CONSTRAINT pk_account_tokens PRIMARY KEY (id), 
	CONSTRAINT ck_account_tokens_purpose_valid CHECK (purpose IN ('invitation', 'password_reset')), 
	CONSTRAINT fk_account_tokens_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_account_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_account_tokens_token_hash UNIQUE (token_hash)
);
INSERT INTO account_tokens VALUES(1,17,'invitation','2ad547dd7ebe95bd20a0e11e631ec7055398f5f1faaff29207db8156a3ca6c4b',1,'2026-12-01 01:26:23.261506','2026-12-08 01:26:23.261506',NULL);
CREATE TABLE api_tokens (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	name VARCHAR(120) NOT NULL, 
	token_hash VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	last_used_at DATETIME, 
	revoked_at DATETIME, 
	CONSTRAINT pk_api_tokens PRIMARY KEY (id), 
	CONSTRAINT fk_api_tokens_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE CASCADE, 
	CONSTRAINT uq_api_tokens_token_hash UNIQUE (token_hash)
);
CREATE TABLE audit_events (
	id INTEGER NOT NULL, 
	occurred_at DATETIME NOT NULL, 
	actor_id INTEGER, 
	action VARCHAR(60) NOT NULL, 
	entity_type VARCHAR(40) NOT NULL, 
	entity_id INTEGER, 
	summary VARCHAR(300) NOT NULL, 
	"before" JSON, 
	"after" JSON, 
	CONSTRAINT pk_audit_events PRIMARY KEY (id), 
	CONSTRAINT fk_audit_events_actor_id_users FOREIGN KEY(actor_id) REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO audit_events VALUES(1,'2026-12-01 01:26:23.238958',NULL,'account.created','users',1,'coordinator account coordinator@example.org','null','{"role": "coordinator"}');
INSERT INTO audit_events VALUES(2,'2026-12-01 01:26:23.242228',1,'account.created','users',2,'coordinator account supervisor@example.org','null','{"role": "coordinator"}');
INSERT INTO audit_events VALUES(3,'2026-12-01 01:26:23.243999',1,'account.created','users',3,'trainee account trainee@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(4,'2026-12-01 01:26:23.245567',1,'account.created','users',4,'trainee account sam.taylor@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(5,'2026-12-01 01:26:23.247029',1,'account.created','users',5,'trainee account kai.nguyen@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(6,'2026-12-01 01:26:23.248340',1,'account.created','users',6,'trainee account casey.morgan@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(7,'2026-12-01 01:26:23.249779',1,'account.created','users',7,'trainee account dana.kim@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(8,'2026-12-01 01:26:23.251205',1,'account.created','users',8,'trainee account riley.chen@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(9,'2026-12-01 01:26:23.252440',1,'account.created','users',9,'trainee account robin.walsh@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(10,'2026-12-01 01:26:23.253633',1,'account.created','users',10,'trainee account taylor.brooks@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(11,'2026-12-01 01:26:23.254805',1,'account.created','users',11,'trainee account drew.patel@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(12,'2026-12-01 01:26:23.255950',1,'account.created','users',12,'trainee account jesse.park@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(13,'2026-12-01 01:26:23.257061',1,'account.created','users',13,'trainee account avery.johnson@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(14,'2026-12-01 01:26:23.258147',1,'account.created','users',14,'trainee account quinn.martinez@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(15,'2026-12-01 01:26:23.259148',1,'account.created','users',15,'trainee account sky.adams@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(16,'2026-12-01 01:26:23.260274',1,'account.created','users',16,'trainee account jamie.fox@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(17,'2026-12-01 01:26:23.261449',1,'account.created','users',17,'trainee account lee.jordan@example.org','null','{"role": "trainee"}');
INSERT INTO audit_events VALUES(18,'2026-12-01 01:26:23.314371',1,'certification.issued','certifications',1,'issued PSS-2023-00001 to Jesse Park','null','{"number": "PSS-2023-00001", "issued_on": "2023-03-01", "expires_on": "2025-03-01"}');
INSERT INTO audit_events VALUES(19,'2026-12-01 01:26:23.326984',1,'certification.renewed','certifications',1,'renewed PSS-2023-00001 until 2027-03-01','{"expires_on": "2025-03-01"}','{"expires_on": "2027-03-01", "override_reason": null}');
INSERT INTO audit_events VALUES(20,'2026-12-01 01:26:23.345446',1,'certification.issued','certifications',2,'issued PSS-2024-00001 to Taylor Brooks','null','{"number": "PSS-2024-00001", "issued_on": "2024-08-23", "expires_on": "2026-08-23"}');
INSERT INTO audit_events VALUES(21,'2026-12-01 01:26:23.363111',1,'certification.issued','certifications',3,'issued PSS-2024-00002 to Robin Walsh','null','{"number": "PSS-2024-00002", "issued_on": "2024-11-11", "expires_on": "2026-11-11"}');
INSERT INTO audit_events VALUES(22,'2026-12-01 01:26:23.381985',1,'certification.issued','certifications',4,'issued PSS-2024-00003 to Riley Chen','null','{"number": "PSS-2024-00003", "issued_on": "2024-12-31", "expires_on": "2026-12-31"}');
INSERT INTO audit_events VALUES(23,'2026-12-01 01:26:23.400118',1,'certification.issued','certifications',5,'issued PSS-2025-00001 to Drew Patel','null','{"number": "PSS-2025-00001", "issued_on": "2025-10-01", "expires_on": "2027-10-01"}');
INSERT INTO audit_events VALUES(24,'2026-12-01 01:26:23.414836',1,'certification.issued','certifications',6,'issued SGF-2026-00001 to Avery Johnson','null','{"number": "SGF-2026-00001", "issued_on": "2026-02-01", "expires_on": "2028-02-01"}');
INSERT INTO audit_events VALUES(25,'2026-12-01 01:26:23.435450',1,'certification.issued','certifications',7,'issued PSS-2026-00001 to Dana Kim','null','{"number": "PSS-2026-00001", "issued_on": "2026-07-01", "expires_on": "2028-07-01"}');
INSERT INTO audit_events VALUES(26,'2026-12-01 01:26:23.452853',1,'certification.override','certifications',8,'issued SGF-2026-00002 without meeting every rule','null','{"number": "SGF-2026-00002", "issued_on": "2026-09-01", "expires_on": "2028-09-01", "override_reason": "Three years as a facilitator under the county''s peer network; their supervision record was reviewed and accepted in place of the missing logged supervised hours.", "missing": ["10 supervised hours"]}');
INSERT INTO audit_events VALUES(27,'2026-12-01 01:26:23.452946',1,'certification.issued','certifications',8,'issued SGF-2026-00002 to Sky Adams','null','{"number": "SGF-2026-00002", "issued_on": "2026-09-01", "expires_on": "2028-09-01", "override_reason": "Three years as a facilitator under the county''s peer network; their supervision record was reviewed and accepted in place of the missing logged supervised hours.", "missing": ["10 supervised hours"]}');
INSERT INTO audit_events VALUES(28,'2026-12-01 01:26:23.594490',1,'certification.revoked','certifications',5,'revoked PSS-2025-00001','{"state": "active"}','{"state": "revoked", "reason": "Breach of the code of ethics (boundaries), decided by the review panel."}');
INSERT INTO audit_events VALUES(29,'2026-12-01 01:26:23.594664',1,'account.deactivated','users',16,'deactivated jamie.fox@example.org','{"active": true}','{"active": false}');
INSERT INTO audit_events VALUES(30,'2026-12-01 01:26:23.600566',NULL,'certification.lapsed','certifications',2,'PSS-2024-00001 is now lapsed','{"state": "active"}','{"state": "lapsed"}');
INSERT INTO audit_events VALUES(31,'2026-12-01 01:26:23.601756',NULL,'certification.expiring','certifications',3,'PSS-2024-00002 is now expiring','{"state": "active"}','{"state": "expiring"}');
INSERT INTO audit_events VALUES(32,'2026-12-01 01:26:23.602806',NULL,'certification.expiring','certifications',4,'PSS-2024-00003 is now expiring','{"state": "active"}','{"state": "expiring"}');
CREATE TABLE certifications (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	number VARCHAR(40) NOT NULL, 
	issue_year INTEGER NOT NULL, 
	serial INTEGER NOT NULL, 
	verification_code VARCHAR(32) NOT NULL, 
	issued_on DATE NOT NULL, 
	expires_on DATE NOT NULL, 
	issued_by_id INTEGER, 
	state VARCHAR(20) NOT NULL, 
	state_changed_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	revoked_by_id INTEGER, 
	revocation_reason VARCHAR(500), 
	override_reason TEXT, 
	status_index INTEGER, 
	subject_salt VARCHAR(64) NOT NULL, 
	program_snapshot JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_certifications PRIMARY KEY (id), 
	CONSTRAINT ck_certifications_revocation_recorded CHECK (state <> 'revoked' OR (revoked_at IS NOT NULL AND revocation_reason IS NOT NULL)), 
	CONSTRAINT ck_certifications_state_valid CHECK (state IN ('active', 'expiring', 'lapsed', 'revoked')), 
	CONSTRAINT ck_certifications_expires_after_issue CHECK (expires_on > issued_on), 
	CONSTRAINT ck_certifications_serial_positive CHECK (serial > 0), 
	CONSTRAINT fk_certifications_issued_by_id_users FOREIGN KEY(issued_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_certifications_program_id_programs FOREIGN KEY(program_id) REFERENCES programs (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_certifications_revoked_by_id_users FOREIGN KEY(revoked_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_certifications_trainee_id_users FOREIGN KEY(trainee_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT uq_certifications_number UNIQUE (number), 
	CONSTRAINT uq_certifications_program_id_issue_year_serial UNIQUE (program_id, issue_year, serial), 
	CONSTRAINT uq_certifications_status_index UNIQUE (status_index), 
	CONSTRAINT uq_certifications_verification_code UNIQUE (verification_code)
);
INSERT INTO certifications VALUES(1,12,1,'PSS-2023-00001',2023,1,'FPB9HK6W7YDM9A5UPVAM','2023-03-01','2027-03-01',1,'active','2026-12-01 01:26:23.322104',NULL,NULL,NULL,NULL,1,'c5cb6b4db3be7cba37c64fd09708ea73','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.313408');
INSERT INTO certifications VALUES(2,10,1,'PSS-2024-00001',2024,1,'96BRN4AYR8BHT3UX2E2M','2024-08-23','2026-08-23',1,'lapsed','2026-12-01 01:26:23.599465',NULL,NULL,NULL,NULL,2,'792fe0a8fb649ea2d7dbeb4c0663241b','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.344901');
INSERT INTO certifications VALUES(3,9,1,'PSS-2024-00002',2024,2,'FSRU3ZV8K2WKCAVS93Q8','2024-11-11','2026-11-11',1,'expiring','2026-12-01 01:26:23.600815',NULL,NULL,NULL,NULL,3,'e1a74979606d9563c6edab365f5649d8','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.362434');
INSERT INTO certifications VALUES(4,8,1,'PSS-2024-00003',2024,3,'F6D5WBVPK2M73RH7TWQ7','2024-12-31','2026-12-31',1,'expiring','2026-12-01 01:26:23.601966',NULL,NULL,NULL,NULL,4,'2fc1fda18614264da8916cfe76e6e2f8','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.381260');
INSERT INTO certifications VALUES(5,11,1,'PSS-2025-00001',2025,1,'XY7VSC46UHUDSSXDRXQP','2025-10-01','2027-10-01',1,'revoked','2026-12-01 01:26:23.591873','2026-12-01 01:26:23.591873',1,'Breach of the code of ethics (boundaries), decided by the review panel.',NULL,5,'7941306a3413d81be6a9d5dd9125b4d4','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.399487');
INSERT INTO certifications VALUES(6,13,2,'SGF-2026-00001',2026,1,'Y6D5KN76VQ5DY9S7K55D','2026-02-01','2028-02-01',1,'active','2026-12-01 01:26:23.414264',NULL,NULL,NULL,NULL,6,'e4d66b6dc2faaafb81cabdaab3a5ce42','{"code": "SGF", "name": "Support Group Facilitator", "description": "For peers who run support groups, in person or online. Builds on the ethics module of the specialist program.", "criteria": "Completed the required training modules (15 contact hours): Group facilitation basics; Holding a safe group space; Conflict and crisis in groups; Facilitating online groups; Ethics I: confidentiality and its limits. Logged 30 hours of support group within the last 12 months, approved by a coordinator. Logged 10 supervised hours, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 8 continuing-education hours, of them 2 in group facilitation per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 45, "renewal_ce_minutes": 480, "renewal_category": "group_facilitation", "renewal_category_minutes": 120, "grace_days": 30, "modules": [{"code": "SGF-201", "title": "Group facilitation basics", "pass_mark": null}, {"code": "SGF-202", "title": "Holding a safe group space", "pass_mark": null}, {"code": "SGF-203", "title": "Conflict and crisis in groups", "pass_mark": null}, {"code": "SGF-204", "title": "Facilitating online groups", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}], "hour_rules": [{"label": "30 hours facilitating support groups within the last 12 months", "min_minutes": 1800, "supervised_only": false, "window_months": 12, "activities": ["support_group"]}, {"label": "10 supervised hours", "min_minutes": 600, "supervised_only": true, "window_months": null, "activities": []}]}','2026-12-01 01:26:23.414286');
INSERT INTO certifications VALUES(7,7,1,'PSS-2026-00001',2026,1,'QYNM2CCF6SRAQJD7Q4E6','2026-07-01','2028-07-01',1,'active','2026-12-01 01:26:23.434886',NULL,NULL,NULL,NULL,7,'077c2f7da86318b640906571ffc47a7f','{"code": "PSS", "name": "Peer Support Specialist", "description": "The core credential for peer supporters working one-on-one and in groups: 40 hours of training, supervised practice, an exam and the code of ethics.", "criteria": "Completed the required training modules (40 contact hours): Foundations of peer support; Recovery-oriented language and hope; Active listening and sharing your story; Ethics I: confidentiality and its limits; Ethics II: boundaries and dual relationships; Crisis response and safety planning; Cultural humility and trauma-informed practice; Self-care and avoiding burnout; Documentation, privacy and working in teams; Review and certification exam (pass mark 70). Logged 100 hours, approved by a coordinator. Logged 25 supervised hours within the last 24 months, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 20 continuing-education hours, of them 3 in ethics per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 60, "renewal_ce_minutes": 1200, "renewal_category": "ethics", "renewal_category_minutes": 180, "grace_days": 60, "modules": [{"code": "PSS-101", "title": "Foundations of peer support", "pass_mark": null}, {"code": "PSS-102", "title": "Recovery-oriented language and hope", "pass_mark": null}, {"code": "PSS-103", "title": "Active listening and sharing your story", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}, {"code": "PSS-105", "title": "Ethics II: boundaries and dual relationships", "pass_mark": null}, {"code": "PSS-106", "title": "Crisis response and safety planning", "pass_mark": null}, {"code": "PSS-107", "title": "Cultural humility and trauma-informed practice", "pass_mark": null}, {"code": "PSS-108", "title": "Self-care and avoiding burnout", "pass_mark": null}, {"code": "PSS-109", "title": "Documentation, privacy and working in teams", "pass_mark": null}, {"code": "PSS-110", "title": "Review and certification exam", "pass_mark": 70}], "hour_rules": [{"label": "100 approved volunteer hours", "min_minutes": 6000, "supervised_only": false, "window_months": null, "activities": []}, {"label": "25 supervised hours within the last 24 months", "min_minutes": 1500, "supervised_only": true, "window_months": 24, "activities": []}]}','2026-12-01 01:26:23.434908');
INSERT INTO certifications VALUES(8,15,2,'SGF-2026-00002',2026,2,'JB52N7CP98RW7VCVRW55','2026-09-01','2028-09-01',1,'active','2026-12-01 01:26:23.452193',NULL,NULL,NULL,'Three years as a facilitator under the county''s peer network; their supervision record was reviewed and accepted in place of the missing logged supervised hours.',8,'909a6a04576d4d615d70a38c40741ae8','{"code": "SGF", "name": "Support Group Facilitator", "description": "For peers who run support groups, in person or online. Builds on the ethics module of the specialist program.", "criteria": "Completed the required training modules (15 contact hours): Group facilitation basics; Holding a safe group space; Conflict and crisis in groups; Facilitating online groups; Ethics I: confidentiality and its limits. Logged 30 hours of support group within the last 12 months, approved by a coordinator. Logged 10 supervised hours, approved by a coordinator. Acknowledged the program''s current code of ethics. Valid for 24 months. Renewal requires 8 continuing-education hours, of them 2 in group facilitation per cycle.", "requires_ethics": true, "validity_months": 24, "renewal_window_days": 45, "renewal_ce_minutes": 480, "renewal_category": "group_facilitation", "renewal_category_minutes": 120, "grace_days": 30, "modules": [{"code": "SGF-201", "title": "Group facilitation basics", "pass_mark": null}, {"code": "SGF-202", "title": "Holding a safe group space", "pass_mark": null}, {"code": "SGF-203", "title": "Conflict and crisis in groups", "pass_mark": null}, {"code": "SGF-204", "title": "Facilitating online groups", "pass_mark": null}, {"code": "PSS-104", "title": "Ethics I: confidentiality and its limits", "pass_mark": null}], "hour_rules": [{"label": "30 hours facilitating support groups within the last 12 months", "min_minutes": 1800, "supervised_only": false, "window_months": 12, "activities": ["support_group"]}, {"label": "10 supervised hours", "min_minutes": 600, "supervised_only": true, "window_months": null, "activities": []}], "override": {"missing": ["10 supervised hours"]}}','2026-12-01 01:26:23.452214');
CREATE TABLE enrolments (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	enrolled_at DATETIME NOT NULL, 
	enrolled_by_id INTEGER, 
	withdrawn_at DATETIME, 
	CONSTRAINT pk_enrolments PRIMARY KEY (id), 
	CONSTRAINT fk_enrolments_enrolled_by_id_users FOREIGN KEY(enrolled_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_enrolments_program_id_programs FOREIGN KEY(program_id) REFERENCES programs (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_enrolments_trainee_id_users FOREIGN KEY(trainee_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT uq_enrolments_trainee_id_program_id UNIQUE (trainee_id, program_id)
);
INSERT INTO enrolments VALUES(1,12,1,'2022-03-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(2,10,1,'2023-08-24 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(3,9,1,'2023-11-12 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(4,8,1,'2024-01-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(5,11,1,'2024-10-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(6,13,2,'2025-04-04 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(7,7,1,'2025-07-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(8,15,2,'2026-07-03 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(9,6,1,'2025-12-04 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(10,3,1,'2025-12-28 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(11,3,2,'2026-10-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(12,5,1,'2026-10-22 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(13,4,1,'2026-11-24 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(14,14,2,'2026-07-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(15,13,1,'2026-06-01 09:00:00.000000',1,NULL);
INSERT INTO enrolments VALUES(16,16,1,'2026-03-01 09:00:00.000000',1,NULL);
CREATE TABLE ethics_versions (
	id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	title VARCHAR(200) NOT NULL, 
	body TEXT NOT NULL, 
	published_at DATETIME NOT NULL, 
	published_by_id INTEGER, 
	CONSTRAINT pk_ethics_versions PRIMARY KEY (id), 
	CONSTRAINT ck_ethics_versions_version_positive CHECK (version > 0), 
	CONSTRAINT fk_ethics_versions_published_by_id_users FOREIGN KEY(published_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT uq_ethics_versions_version UNIQUE (version)
);
INSERT INTO ethics_versions VALUES(1,1,'Code of ethics for peer supporters',replace('1. Confidentiality\nWhat a person shares with you stays between you and the program team. You do not repeat it to friends, family or other members, in person or online. Notes you write hold no names or details that would identify the people you support.\n\n2. The limits of confidentiality\nExplain at the start that confidentiality has limits: if someone is at serious risk of harming themselves or another person, or a child or vulnerable adult is at risk, you must tell your supervisor the same day.\n\n3. Boundaries\nYou are a peer, not a friend, a therapist or a lender. You do not lend or borrow money, accept gifts of more than token value, or meet people you support outside the program''s activities.\n\n4. Dual relationships\nIf you already know someone in another role (a relative, a neighbour, a colleague, a landlord), tell your supervisor before you support them, so that another peer can be offered.\n\n5. Self-disclosure\nShare your own story only when it helps the other person, briefly and with purpose. You never disclose details you would regret, and you always bring the conversation back to them.\n\n6. Respect and non-discrimination\nYou support everyone with dignity, whatever their background, identity, beliefs or diagnosis, and you respect each person''s right to make their own choices about recovery.\n','\n',char(10)),'2021-12-01 10:00:00.000000',1);
INSERT INTO ethics_versions VALUES(2,2,'Code of ethics for peer supporters (revised)',replace('1. Confidentiality\nWhat a person shares with you stays between you and the program team. You do not repeat it to friends, family or other members, in person or online. Notes you write hold no names or details that would identify the people you support.\n\n2. The limits of confidentiality and mandatory reporting\nExplain at the start that confidentiality has limits: if someone is at serious risk of harming themselves or another person, or a child or vulnerable adult is at risk, you must tell your supervisor the same day.\n\n3. Boundaries\nYou are a peer, not a friend, a therapist or a lender. You do not lend or borrow money, accept gifts of more than token value, or meet people you support outside the program''s activities.\n\n4. Dual relationships\nIf you already know someone in another role (a relative, a neighbour, a colleague, a landlord), tell your supervisor before you support them, so that another peer can be offered.\n\n5. Self-disclosure\nShare your own story only when it helps the other person, briefly and with purpose. You never disclose details you would regret, and you always bring the conversation back to them.\n\n6. Respect and non-discrimination\nYou support everyone with dignity, whatever their background, identity, beliefs or diagnosis, and you respect each person''s right to make their own choices about recovery.\n\n7. Social media and online contact\nYou do not send or accept friend requests from people you support, and you never discuss anyone you support online, even without names. Online groups are run from the program''s accounts only.\n\n8. Mandatory reporting\nYou know the reporting duties that apply where you work. When you must report, you tell the person what you will share and why, where it is safe to do so, and you record only the facts.\n\n9. Your own wellbeing\nYou use supervision, and you step back from peer work when your own health needs it. Asking for help is part of the job, not a failure at it.\n','\n',char(10)),'2026-04-01 10:00:00.000000',1);
CREATE TABLE hour_entries (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	worked_on DATE NOT NULL, 
	minutes INTEGER NOT NULL, 
	activity VARCHAR(30) NOT NULL, 
	setting VARCHAR(20) NOT NULL, 
	is_paid BOOLEAN NOT NULL, 
	supervised BOOLEAN NOT NULL, 
	supervisor_name VARCHAR(120), 
	notes VARCHAR(500) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	rejection_reason VARCHAR(500), 
	decided_by_id INTEGER, 
	decided_at DATETIME, 
	corrects_id INTEGER, 
	submission_key VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	CONSTRAINT pk_hour_entries PRIMARY KEY (id), 
	CONSTRAINT ck_hour_entries_activity_valid CHECK (activity IN ('support_group', 'one_on_one', 'online_community', 'outreach', 'training', 'other')), 
	CONSTRAINT ck_hour_entries_setting_valid CHECK (setting IN ('in_person', 'online', 'phone')), 
	CONSTRAINT ck_hour_entries_rejection_has_reason CHECK (status <> 'rejected' OR rejection_reason IS NOT NULL), 
	CONSTRAINT ck_hour_entries_status_valid CHECK (status IN ('pending', 'approved', 'rejected', 'withdrawn')), 
	CONSTRAINT ck_hour_entries_supervisor_named CHECK ((NOT supervised) OR (supervisor_name IS NOT NULL AND length(supervisor_name) > 0)), 
	CONSTRAINT ck_hour_entries_notes_length CHECK (length(notes) <= 500), 
	CONSTRAINT ck_hour_entries_minutes_quarter_hours CHECK (minutes > 0 AND minutes <= 1440 AND minutes % 15 = 0), 
	CONSTRAINT fk_hour_entries_corrects_id_hour_entries FOREIGN KEY(corrects_id) REFERENCES hour_entries (id) ON DELETE SET NULL, 
	CONSTRAINT fk_hour_entries_decided_by_id_users FOREIGN KEY(decided_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_hour_entries_trainee_id_users FOREIGN KEY(trainee_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT uq_hour_entries_trainee_id_submission_key UNIQUE (trainee_id, submission_key)
);
INSERT INTO hour_entries VALUES(1,12,'2023-02-07',240,'support_group','in_person',0,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2023-02-10 15:00:00.000000',NULL,NULL,'2023-02-07 20:00:00.000000','2023-02-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(2,12,'2023-02-12',90,'online_community','online',0,1,'Dr. Lena Ortiz','Evening shift on the peer chat service.','approved',NULL,1,'2023-02-15 15:00:00.000000',NULL,NULL,'2023-02-12 20:00:00.000000','2023-02-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(3,12,'2022-08-01',135,'training','in_person',1,1,'Jordan Blake, CPS','Observed an experienced facilitator''s group.','approved',NULL,1,'2022-08-04 15:00:00.000000',NULL,NULL,'2022-08-01 20:00:00.000000','2022-08-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(4,12,'2022-10-17',225,'online_community','online',0,1,'Sam Whitfield, LCSW','Evening shift on the peer chat service.','approved',NULL,1,'2022-10-20 15:00:00.000000',NULL,NULL,'2022-10-17 20:00:00.000000','2022-10-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(5,12,'2022-09-14',240,'one_on_one','in_person',0,1,'Sam Whitfield, LCSW','Peer support sessions at the drop-in centre.','approved',NULL,1,'2022-09-17 15:00:00.000000',NULL,NULL,'2022-09-14 20:00:00.000000','2022-09-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(6,12,'2022-12-20',135,'training','in_person',0,1,'Dr. Lena Ortiz','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2022-12-23 15:00:00.000000',NULL,NULL,'2022-12-20 20:00:00.000000','2022-12-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(7,12,'2022-04-03',135,'support_group','online',0,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2022-04-06 15:00:00.000000',NULL,NULL,'2022-04-03 20:00:00.000000','2022-04-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(8,12,'2022-12-08',60,'support_group','in_person',0,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2022-12-11 15:00:00.000000',NULL,NULL,'2022-12-08 20:00:00.000000','2022-12-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(9,12,'2022-04-23',105,'support_group','in_person',1,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2022-04-26 15:00:00.000000',NULL,NULL,'2022-04-23 20:00:00.000000','2022-04-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(10,12,'2022-10-11',225,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2022-10-14 15:00:00.000000',NULL,NULL,'2022-10-11 20:00:00.000000','2022-10-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(11,12,'2022-06-20',120,'online_community','online',0,1,'Sam Whitfield, LCSW','Moderated the online peer forum.','approved',NULL,1,'2022-06-23 15:00:00.000000',NULL,NULL,'2022-06-20 20:00:00.000000','2022-06-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(12,12,'2022-08-19',120,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2022-08-22 15:00:00.000000',NULL,NULL,'2022-08-19 20:00:00.000000','2022-08-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(13,12,'2022-09-29',195,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2022-10-02 15:00:00.000000',NULL,NULL,'2022-09-29 20:00:00.000000','2022-10-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(14,12,'2022-09-11',75,'online_community','online',1,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2022-09-14 15:00:00.000000',NULL,NULL,'2022-09-11 20:00:00.000000','2022-09-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(15,12,'2022-06-25',60,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2022-06-28 15:00:00.000000',NULL,NULL,'2022-06-25 20:00:00.000000','2022-06-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(16,12,'2022-12-04',150,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2022-12-07 15:00:00.000000',NULL,NULL,'2022-12-04 20:00:00.000000','2022-12-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(17,12,'2022-09-15',135,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2022-09-18 15:00:00.000000',NULL,NULL,'2022-09-15 20:00:00.000000','2022-09-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(18,12,'2022-09-12',225,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2022-09-15 15:00:00.000000',NULL,NULL,'2022-09-12 20:00:00.000000','2022-09-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(19,12,'2022-08-24',120,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2022-08-27 15:00:00.000000',NULL,NULL,'2022-08-24 20:00:00.000000','2022-08-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(20,12,'2022-09-07',210,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2022-09-10 15:00:00.000000',NULL,NULL,'2022-09-07 20:00:00.000000','2022-09-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(21,12,'2022-07-05',195,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-07-08 15:00:00.000000',NULL,NULL,'2022-07-05 20:00:00.000000','2022-07-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(22,12,'2022-08-21',75,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2022-08-24 15:00:00.000000',NULL,NULL,'2022-08-21 20:00:00.000000','2022-08-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(23,12,'2022-11-26',90,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2022-11-29 15:00:00.000000',NULL,NULL,'2022-11-26 20:00:00.000000','2022-11-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(24,12,'2022-11-27',75,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2022-11-30 15:00:00.000000',NULL,NULL,'2022-11-27 20:00:00.000000','2022-11-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(25,12,'2022-05-04',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-05-07 15:00:00.000000',NULL,NULL,'2022-05-04 20:00:00.000000','2022-05-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(26,12,'2023-02-09',105,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2023-02-12 15:00:00.000000',NULL,NULL,'2023-02-09 20:00:00.000000','2023-02-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(27,12,'2023-02-20',135,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2023-02-23 15:00:00.000000',NULL,NULL,'2023-02-20 20:00:00.000000','2023-02-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(28,12,'2022-03-14',60,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2022-03-17 15:00:00.000000',NULL,NULL,'2022-03-14 20:00:00.000000','2022-03-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(29,12,'2022-06-30',105,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2022-07-03 15:00:00.000000',NULL,NULL,'2022-06-30 20:00:00.000000','2022-07-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(30,12,'2022-10-10',120,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2022-10-13 15:00:00.000000',NULL,NULL,'2022-10-10 20:00:00.000000','2022-10-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(31,12,'2022-07-11',120,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-07-14 15:00:00.000000',NULL,NULL,'2022-07-11 20:00:00.000000','2022-07-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(32,12,'2022-09-06',150,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2022-09-09 15:00:00.000000',NULL,NULL,'2022-09-06 20:00:00.000000','2022-09-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(33,12,'2022-08-22',150,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2022-08-25 15:00:00.000000',NULL,NULL,'2022-08-22 20:00:00.000000','2022-08-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(34,12,'2022-07-16',105,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2022-07-19 15:00:00.000000',NULL,NULL,'2022-07-16 20:00:00.000000','2022-07-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(35,12,'2022-04-06',165,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2022-04-09 15:00:00.000000',NULL,NULL,'2022-04-06 20:00:00.000000','2022-04-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(36,12,'2022-05-22',195,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2022-05-25 15:00:00.000000',NULL,NULL,'2022-05-22 20:00:00.000000','2022-05-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(37,12,'2022-12-23',210,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-12-26 15:00:00.000000',NULL,NULL,'2022-12-23 20:00:00.000000','2022-12-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(38,12,'2022-10-04',225,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-10-07 15:00:00.000000',NULL,NULL,'2022-10-04 20:00:00.000000','2022-10-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(39,12,'2022-03-11',210,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2022-03-14 15:00:00.000000',NULL,NULL,'2022-03-11 20:00:00.000000','2022-03-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(40,12,'2023-01-08',135,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2023-01-11 15:00:00.000000',NULL,NULL,'2023-01-08 20:00:00.000000','2023-01-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(41,12,'2022-07-26',150,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2022-07-29 15:00:00.000000',NULL,NULL,'2022-07-26 20:00:00.000000','2022-07-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(42,12,'2022-04-05',105,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2022-04-08 15:00:00.000000',NULL,NULL,'2022-04-05 20:00:00.000000','2022-04-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(43,12,'2022-06-06',225,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2022-06-09 15:00:00.000000',NULL,NULL,'2022-06-06 20:00:00.000000','2022-06-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(44,12,'2022-11-30',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2022-12-03 15:00:00.000000',NULL,NULL,'2022-11-30 20:00:00.000000','2022-12-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(45,12,'2022-03-21',165,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2022-03-24 15:00:00.000000',NULL,NULL,'2022-03-21 20:00:00.000000','2022-03-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(46,12,'2023-02-19',90,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','rejected','Duplicate of another entry for the same shift.',1,'2023-02-22 15:00:00.000000',NULL,NULL,'2023-02-19 20:00:00.000000','2023-02-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(47,10,'2023-10-29',90,'one_on_one','in_person',0,1,'Dr. Lena Ortiz','Warmline shift.','approved',NULL,1,'2023-11-01 15:00:00.000000',NULL,NULL,'2023-10-29 20:00:00.000000','2023-11-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(48,10,'2023-11-04',90,'outreach','in_person',0,1,'Jordan Blake, CPS','Talk about peer support at the library.','approved',NULL,1,'2023-11-07 15:00:00.000000',NULL,NULL,'2023-11-04 20:00:00.000000','2023-11-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(49,10,'2023-10-31',120,'one_on_one','phone',0,1,'Jordan Blake, CPS','Peer support sessions at the drop-in centre.','approved',NULL,1,'2023-11-03 15:00:00.000000',NULL,NULL,'2023-10-31 20:00:00.000000','2023-11-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(50,10,'2024-03-28',225,'outreach','in_person',0,1,'Sam Whitfield, LCSW','Outreach table at the community health fair.','approved',NULL,1,'2024-03-31 15:00:00.000000',NULL,NULL,'2024-03-28 20:00:00.000000','2024-03-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(51,10,'2024-06-06',60,'online_community','online',0,1,'Dr. Lena Ortiz','Moderated the online peer forum.','approved',NULL,1,'2024-06-09 15:00:00.000000',NULL,NULL,'2024-06-06 20:00:00.000000','2024-06-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(52,10,'2024-06-24',210,'one_on_one','phone',0,1,'Dr. Lena Ortiz','Warmline shift.','approved',NULL,1,'2024-06-27 15:00:00.000000',NULL,NULL,'2024-06-24 20:00:00.000000','2024-06-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(53,10,'2024-06-10',105,'support_group','online',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-06-13 15:00:00.000000',NULL,NULL,'2024-06-10 20:00:00.000000','2024-06-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(54,10,'2024-07-18',90,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-07-21 15:00:00.000000',NULL,NULL,'2024-07-18 20:00:00.000000','2024-07-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(55,10,'2024-01-04',225,'training','in_person',0,1,'Sam Whitfield, LCSW','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-01-07 15:00:00.000000',NULL,NULL,'2024-01-04 20:00:00.000000','2024-01-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(56,10,'2023-11-09',180,'one_on_one','phone',0,1,'Dr. Lena Ortiz','Peer support sessions at the drop-in centre.','approved',NULL,1,'2023-11-12 15:00:00.000000',NULL,NULL,'2023-11-09 20:00:00.000000','2023-11-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(57,10,'2023-12-05',60,'support_group','in_person',0,1,'Jordan Blake, CPS','Led the opening round and the group agreement.','approved',NULL,1,'2023-12-08 15:00:00.000000',NULL,NULL,'2023-12-05 20:00:00.000000','2023-12-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(58,10,'2024-05-24',195,'one_on_one','phone',0,1,'Jordan Blake, CPS','Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-05-27 15:00:00.000000',NULL,NULL,'2024-05-24 20:00:00.000000','2024-05-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(59,10,'2024-02-13',60,'training','in_person',0,1,'Sam Whitfield, LCSW','Observed an experienced facilitator''s group.','approved',NULL,1,'2024-02-16 15:00:00.000000',NULL,NULL,'2024-02-13 20:00:00.000000','2024-02-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(60,10,'2023-11-05',210,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2023-11-08 15:00:00.000000',NULL,NULL,'2023-11-05 20:00:00.000000','2023-11-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(61,10,'2024-02-11',225,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-02-14 15:00:00.000000',NULL,NULL,'2024-02-11 20:00:00.000000','2024-02-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(62,10,'2024-05-18',195,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-05-21 15:00:00.000000',NULL,NULL,'2024-05-18 20:00:00.000000','2024-05-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(63,10,'2024-04-13',165,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-04-16 15:00:00.000000',NULL,NULL,'2024-04-13 20:00:00.000000','2024-04-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(64,10,'2023-12-15',60,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2023-12-18 15:00:00.000000',NULL,NULL,'2023-12-15 20:00:00.000000','2023-12-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(65,10,'2024-01-07',165,'support_group','in_person',1,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-01-10 15:00:00.000000',NULL,NULL,'2024-01-07 20:00:00.000000','2024-01-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(66,10,'2024-03-06',225,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-03-09 15:00:00.000000',NULL,NULL,'2024-03-06 20:00:00.000000','2024-03-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(67,10,'2024-02-19',225,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-02-22 15:00:00.000000',NULL,NULL,'2024-02-19 20:00:00.000000','2024-02-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(68,10,'2024-01-10',60,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-01-13 15:00:00.000000',NULL,NULL,'2024-01-10 20:00:00.000000','2024-01-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(69,10,'2024-07-20',210,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-07-23 15:00:00.000000',NULL,NULL,'2024-07-20 20:00:00.000000','2024-07-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(70,10,'2024-04-20',75,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-04-23 15:00:00.000000',NULL,NULL,'2024-04-20 20:00:00.000000','2024-04-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(71,10,'2024-03-04',225,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-03-07 15:00:00.000000',NULL,NULL,'2024-03-04 20:00:00.000000','2024-03-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(72,10,'2024-05-27',225,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-05-30 15:00:00.000000',NULL,NULL,'2024-05-27 20:00:00.000000','2024-05-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(73,10,'2023-12-21',240,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2023-12-24 15:00:00.000000',NULL,NULL,'2023-12-21 20:00:00.000000','2023-12-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(74,10,'2023-09-30',105,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2023-10-03 15:00:00.000000',NULL,NULL,'2023-09-30 20:00:00.000000','2023-10-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(75,10,'2023-09-22',120,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2023-09-25 15:00:00.000000',NULL,NULL,'2023-09-22 20:00:00.000000','2023-09-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(76,10,'2024-06-30',105,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-07-03 15:00:00.000000',NULL,NULL,'2024-06-30 20:00:00.000000','2024-07-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(77,10,'2023-12-04',60,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2023-12-07 15:00:00.000000',NULL,NULL,'2023-12-04 20:00:00.000000','2023-12-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(78,10,'2024-04-11',210,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-04-14 15:00:00.000000',NULL,NULL,'2024-04-11 20:00:00.000000','2024-04-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(79,10,'2024-02-07',150,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-02-10 15:00:00.000000',NULL,NULL,'2024-02-07 20:00:00.000000','2024-02-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(80,10,'2024-05-15',165,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-05-18 15:00:00.000000',NULL,NULL,'2024-05-15 20:00:00.000000','2024-05-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(81,10,'2024-06-01',75,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-06-04 15:00:00.000000',NULL,NULL,'2024-06-01 20:00:00.000000','2024-06-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(82,10,'2024-07-22',120,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-07-25 15:00:00.000000',NULL,NULL,'2024-07-22 20:00:00.000000','2024-07-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(83,10,'2023-11-27',225,'one_on_one','phone',1,0,NULL,'Warmline shift.','approved',NULL,1,'2023-11-30 15:00:00.000000',NULL,NULL,'2023-11-27 20:00:00.000000','2023-11-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(84,10,'2023-10-27',135,'support_group','in_person',1,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2023-10-30 15:00:00.000000',NULL,NULL,'2023-10-27 20:00:00.000000','2023-10-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(85,10,'2023-11-29',240,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2023-12-02 15:00:00.000000',NULL,NULL,'2023-11-29 20:00:00.000000','2023-12-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(86,10,'2023-12-13',195,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2023-12-16 15:00:00.000000',NULL,NULL,'2023-12-13 20:00:00.000000','2023-12-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(87,10,'2024-04-05',90,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','rejected','The supervisor has no record of this session; please check the date.',1,'2024-04-08 15:00:00.000000',NULL,NULL,'2024-04-05 20:00:00.000000','2024-04-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(88,9,'2024-07-11',150,'training','in_person',1,1,'Sam Whitfield, LCSW','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-07-14 15:00:00.000000',NULL,NULL,'2024-07-11 20:00:00.000000','2024-07-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(89,9,'2024-10-20',225,'one_on_one','in_person',0,1,'Jordan Blake, CPS','Warmline shift.','approved',NULL,1,'2024-10-23 15:00:00.000000',NULL,NULL,'2024-10-20 20:00:00.000000','2024-10-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(90,9,'2024-05-05',75,'outreach','in_person',0,1,'Dr. Lena Ortiz','Outreach table at the community health fair.','approved',NULL,1,'2024-05-08 15:00:00.000000',NULL,NULL,'2024-05-05 20:00:00.000000','2024-05-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(91,9,'2023-11-27',60,'one_on_one','in_person',0,1,'Sam Whitfield, LCSW','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2023-11-30 15:00:00.000000',NULL,NULL,'2023-11-27 20:00:00.000000','2023-11-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(92,9,'2024-02-15',225,'one_on_one','phone',0,1,'Sam Whitfield, LCSW','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-02-18 15:00:00.000000',NULL,NULL,'2024-02-15 20:00:00.000000','2024-02-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(93,9,'2023-12-31',135,'support_group','online',0,1,'Sam Whitfield, LCSW','Led the opening round and the group agreement.','approved',NULL,1,'2024-01-03 15:00:00.000000',NULL,NULL,'2023-12-31 20:00:00.000000','2024-01-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(94,9,'2024-06-23',90,'support_group','online',0,1,'Sam Whitfield, LCSW','Supported the Saturday wellness group.','approved',NULL,1,'2024-06-26 15:00:00.000000',NULL,NULL,'2024-06-23 20:00:00.000000','2024-06-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(95,9,'2023-11-20',90,'one_on_one','phone',0,1,'Dr. Lena Ortiz','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2023-11-23 15:00:00.000000',NULL,NULL,'2023-11-20 20:00:00.000000','2023-11-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(96,9,'2024-04-10',165,'training','in_person',0,1,'Jordan Blake, CPS','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-04-13 15:00:00.000000',NULL,NULL,'2024-04-10 20:00:00.000000','2024-04-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(97,9,'2024-01-21',135,'training','in_person',1,1,'Jordan Blake, CPS','Observed an experienced facilitator''s group.','approved',NULL,1,'2024-01-24 15:00:00.000000',NULL,NULL,'2024-01-21 20:00:00.000000','2024-01-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(98,9,'2024-06-15',120,'online_community','online',1,1,'Jordan Blake, CPS','Moderated the online peer forum.','approved',NULL,1,'2024-06-18 15:00:00.000000',NULL,NULL,'2024-06-15 20:00:00.000000','2024-06-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(99,9,'2024-01-18',90,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-01-21 15:00:00.000000',NULL,NULL,'2024-01-18 20:00:00.000000','2024-01-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(100,9,'2024-09-23',240,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-09-26 15:00:00.000000',NULL,NULL,'2024-09-23 20:00:00.000000','2024-09-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(101,9,'2024-11-01',210,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2024-11-04 15:00:00.000000',NULL,NULL,'2024-11-01 20:00:00.000000','2024-11-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(102,9,'2024-01-07',105,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-01-10 15:00:00.000000',NULL,NULL,'2024-01-07 20:00:00.000000','2024-01-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(103,9,'2024-07-08',210,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-07-11 15:00:00.000000',NULL,NULL,'2024-07-08 20:00:00.000000','2024-07-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(104,9,'2024-02-17',75,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2024-02-20 15:00:00.000000',NULL,NULL,'2024-02-17 20:00:00.000000','2024-02-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(105,9,'2024-08-25',75,'one_on_one','in_person',1,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-08-28 15:00:00.000000',NULL,NULL,'2024-08-25 20:00:00.000000','2024-08-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(106,9,'2024-03-08',240,'online_community','online',1,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-03-11 15:00:00.000000',NULL,NULL,'2024-03-08 20:00:00.000000','2024-03-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(107,9,'2024-01-08',120,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-01-11 15:00:00.000000',NULL,NULL,'2024-01-08 20:00:00.000000','2024-01-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(108,9,'2024-07-28',240,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-07-31 15:00:00.000000',NULL,NULL,'2024-07-28 20:00:00.000000','2024-07-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(109,9,'2024-09-07',180,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2024-09-10 15:00:00.000000',NULL,NULL,'2024-09-07 20:00:00.000000','2024-09-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(110,9,'2023-12-30',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2024-01-02 15:00:00.000000',NULL,NULL,'2023-12-30 20:00:00.000000','2024-01-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(111,9,'2024-06-12',165,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-06-15 15:00:00.000000',NULL,NULL,'2024-06-12 20:00:00.000000','2024-06-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(112,9,'2024-01-12',195,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-01-15 15:00:00.000000',NULL,NULL,'2024-01-12 20:00:00.000000','2024-01-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(113,9,'2023-11-30',195,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2023-12-03 15:00:00.000000',NULL,NULL,'2023-11-30 20:00:00.000000','2023-12-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(114,9,'2024-09-19',90,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-09-22 15:00:00.000000',NULL,NULL,'2024-09-19 20:00:00.000000','2024-09-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(115,9,'2024-05-18',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2024-05-21 15:00:00.000000',NULL,NULL,'2024-05-18 20:00:00.000000','2024-05-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(116,9,'2024-09-25',75,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-09-28 15:00:00.000000',NULL,NULL,'2024-09-25 20:00:00.000000','2024-09-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(117,9,'2024-09-27',210,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-09-30 15:00:00.000000',NULL,NULL,'2024-09-27 20:00:00.000000','2024-09-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(118,9,'2024-05-17',135,'support_group','in_person',1,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-05-20 15:00:00.000000',NULL,NULL,'2024-05-17 20:00:00.000000','2024-05-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(119,9,'2023-11-18',60,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2023-11-21 15:00:00.000000',NULL,NULL,'2023-11-18 20:00:00.000000','2023-11-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(120,9,'2024-01-25',135,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-01-28 15:00:00.000000',NULL,NULL,'2024-01-25 20:00:00.000000','2024-01-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(121,9,'2023-11-26',90,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2023-11-29 15:00:00.000000',NULL,NULL,'2023-11-26 20:00:00.000000','2023-11-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(122,9,'2024-05-24',165,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-05-27 15:00:00.000000',NULL,NULL,'2024-05-24 20:00:00.000000','2024-05-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(123,9,'2024-02-04',120,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-02-07 15:00:00.000000',NULL,NULL,'2024-02-04 20:00:00.000000','2024-02-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(124,9,'2024-02-14',165,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-02-17 15:00:00.000000',NULL,NULL,'2024-02-14 20:00:00.000000','2024-02-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(125,9,'2024-09-10',135,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-09-13 15:00:00.000000',NULL,NULL,'2024-09-10 20:00:00.000000','2024-09-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(126,9,'2024-10-28',180,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-10-31 15:00:00.000000',NULL,NULL,'2024-10-28 20:00:00.000000','2024-10-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(127,9,'2024-10-24',90,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-10-27 15:00:00.000000',NULL,NULL,'2024-10-24 20:00:00.000000','2024-10-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(128,9,'2024-10-16',75,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-10-19 15:00:00.000000',NULL,NULL,'2024-10-16 20:00:00.000000','2024-10-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(129,9,'2023-12-12',195,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2023-12-15 15:00:00.000000',NULL,NULL,'2023-12-12 20:00:00.000000','2023-12-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(130,9,'2024-10-02',75,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-10-05 15:00:00.000000',NULL,NULL,'2024-10-02 20:00:00.000000','2024-10-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(131,9,'2024-05-01',75,'one_on_one','in_person',1,0,NULL,'Warmline shift.','approved',NULL,1,'2024-05-04 15:00:00.000000',NULL,NULL,'2024-05-01 20:00:00.000000','2024-05-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(132,9,'2024-02-12',180,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-02-15 15:00:00.000000',NULL,NULL,'2024-02-12 20:00:00.000000','2024-02-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(133,9,'2024-02-13',90,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-02-16 15:00:00.000000',NULL,NULL,'2024-02-13 20:00:00.000000','2024-02-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(134,9,'2024-10-12',60,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-10-15 15:00:00.000000',NULL,NULL,'2024-10-12 20:00:00.000000','2024-10-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(135,9,'2024-01-16',135,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-01-19 15:00:00.000000',NULL,NULL,'2024-01-16 20:00:00.000000','2024-01-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(136,9,'2024-08-05',195,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-08-08 15:00:00.000000',NULL,NULL,'2024-08-05 20:00:00.000000','2024-08-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(137,9,'2024-09-02',15,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-09-05 15:00:00.000000',NULL,NULL,'2024-09-02 20:00:00.000000','2024-09-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(138,9,'2023-11-19',120,'one_on_one','phone',0,0,NULL,'Warmline shift.','rejected','Training time is recorded as module completions, not practice hours.',1,'2023-11-22 15:00:00.000000',NULL,NULL,'2023-11-19 20:00:00.000000','2023-11-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(139,8,'2024-10-21',75,'one_on_one','phone',0,1,'Jordan Blake, CPS','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-10-24 15:00:00.000000',NULL,NULL,'2024-10-21 20:00:00.000000','2024-10-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(140,8,'2024-10-12',165,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-10-15 15:00:00.000000',NULL,NULL,'2024-10-12 20:00:00.000000','2024-10-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(141,8,'2024-09-13',225,'outreach','in_person',1,1,'Sam Whitfield, LCSW','Outreach table at the community health fair.','approved',NULL,1,'2024-09-16 15:00:00.000000',NULL,NULL,'2024-09-13 20:00:00.000000','2024-09-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(142,8,'2024-11-01',180,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-11-04 15:00:00.000000',NULL,NULL,'2024-11-01 20:00:00.000000','2024-11-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(143,8,'2024-06-12',135,'outreach','in_person',0,1,'Jordan Blake, CPS','Outreach table at the community health fair.','approved',NULL,1,'2024-06-15 15:00:00.000000',NULL,NULL,'2024-06-12 20:00:00.000000','2024-06-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(144,8,'2024-04-02',195,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-04-05 15:00:00.000000',NULL,NULL,'2024-04-02 20:00:00.000000','2024-04-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(145,8,'2024-04-20',150,'training','in_person',0,1,'Sam Whitfield, LCSW','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-04-23 15:00:00.000000',NULL,NULL,'2024-04-20 20:00:00.000000','2024-04-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(146,8,'2024-04-19',240,'one_on_one','in_person',0,1,'Dr. Lena Ortiz','Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-04-22 15:00:00.000000',NULL,NULL,'2024-04-19 20:00:00.000000','2024-04-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(147,8,'2024-06-07',165,'one_on_one','phone',0,1,'Sam Whitfield, LCSW','Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-06-10 15:00:00.000000',NULL,NULL,'2024-06-07 20:00:00.000000','2024-06-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(148,8,'2024-01-13',180,'online_community','online',1,1,'Jordan Blake, CPS','Evening shift on the peer chat service.','approved',NULL,1,'2024-01-16 15:00:00.000000',NULL,NULL,'2024-01-13 20:00:00.000000','2024-01-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(149,8,'2024-08-22',195,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-08-25 15:00:00.000000',NULL,NULL,'2024-08-22 20:00:00.000000','2024-08-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(150,8,'2024-03-07',150,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-03-10 15:00:00.000000',NULL,NULL,'2024-03-07 20:00:00.000000','2024-03-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(151,8,'2024-08-08',210,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-08-11 15:00:00.000000',NULL,NULL,'2024-08-08 20:00:00.000000','2024-08-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(152,8,'2024-10-13',60,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-10-16 15:00:00.000000',NULL,NULL,'2024-10-13 20:00:00.000000','2024-10-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(153,8,'2024-03-20',60,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-03-23 15:00:00.000000',NULL,NULL,'2024-03-20 20:00:00.000000','2024-03-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(154,8,'2024-06-08',240,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-06-11 15:00:00.000000',NULL,NULL,'2024-06-08 20:00:00.000000','2024-06-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(155,8,'2024-07-04',120,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-07-07 15:00:00.000000',NULL,NULL,'2024-07-04 20:00:00.000000','2024-07-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(156,8,'2024-01-30',135,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-02-02 15:00:00.000000',NULL,NULL,'2024-01-30 20:00:00.000000','2024-02-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(157,8,'2024-12-23',60,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-12-26 15:00:00.000000',NULL,NULL,'2024-12-23 20:00:00.000000','2024-12-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(158,8,'2024-07-25',120,'training','in_person',1,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-07-28 15:00:00.000000',NULL,NULL,'2024-07-25 20:00:00.000000','2024-07-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(159,8,'2024-11-02',150,'support_group','online',1,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-11-05 15:00:00.000000',NULL,NULL,'2024-11-02 20:00:00.000000','2024-11-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(160,8,'2024-04-18',75,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2024-04-21 15:00:00.000000',NULL,NULL,'2024-04-18 20:00:00.000000','2024-04-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(161,8,'2024-07-21',210,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-07-24 15:00:00.000000',NULL,NULL,'2024-07-21 20:00:00.000000','2024-07-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(162,8,'2024-03-10',150,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-03-13 15:00:00.000000',NULL,NULL,'2024-03-10 20:00:00.000000','2024-03-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(163,8,'2024-05-09',165,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-05-12 15:00:00.000000',NULL,NULL,'2024-05-09 20:00:00.000000','2024-05-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(164,8,'2024-12-19',60,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-12-22 15:00:00.000000',NULL,NULL,'2024-12-19 20:00:00.000000','2024-12-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(165,8,'2024-09-19',90,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-09-22 15:00:00.000000',NULL,NULL,'2024-09-19 20:00:00.000000','2024-09-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(166,8,'2024-10-20',75,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-10-23 15:00:00.000000',NULL,NULL,'2024-10-20 20:00:00.000000','2024-10-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(167,8,'2024-04-01',165,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-04-04 15:00:00.000000',NULL,NULL,'2024-04-01 20:00:00.000000','2024-04-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(168,8,'2024-01-20',120,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-01-23 15:00:00.000000',NULL,NULL,'2024-01-20 20:00:00.000000','2024-01-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(169,8,'2024-10-09',105,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-10-12 15:00:00.000000',NULL,NULL,'2024-10-09 20:00:00.000000','2024-10-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(170,8,'2024-01-29',120,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-02-01 15:00:00.000000',NULL,NULL,'2024-01-29 20:00:00.000000','2024-02-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(171,8,'2024-05-07',60,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-05-10 15:00:00.000000',NULL,NULL,'2024-05-07 20:00:00.000000','2024-05-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(172,8,'2024-11-14',225,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-11-17 15:00:00.000000',NULL,NULL,'2024-11-14 20:00:00.000000','2024-11-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(173,8,'2024-11-06',120,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2024-11-09 15:00:00.000000',NULL,NULL,'2024-11-06 20:00:00.000000','2024-11-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(174,8,'2024-09-14',135,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-09-17 15:00:00.000000',NULL,NULL,'2024-09-14 20:00:00.000000','2024-09-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(175,8,'2024-08-16',120,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2024-08-19 15:00:00.000000',NULL,NULL,'2024-08-16 20:00:00.000000','2024-08-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(176,8,'2024-01-28',210,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-01-31 15:00:00.000000',NULL,NULL,'2024-01-28 20:00:00.000000','2024-01-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(177,8,'2024-01-25',135,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-01-28 15:00:00.000000',NULL,NULL,'2024-01-25 20:00:00.000000','2024-01-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(178,8,'2024-03-27',150,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2024-03-30 15:00:00.000000',NULL,NULL,'2024-03-27 20:00:00.000000','2024-03-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(179,8,'2024-07-03',75,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2024-07-06 15:00:00.000000',NULL,NULL,'2024-07-03 20:00:00.000000','2024-07-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(180,8,'2024-10-11',210,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-10-14 15:00:00.000000',NULL,NULL,'2024-10-11 20:00:00.000000','2024-10-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(181,8,'2024-08-17',165,'support_group','in_person',1,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2024-08-20 15:00:00.000000',NULL,NULL,'2024-08-17 20:00:00.000000','2024-08-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(182,8,'2024-12-07',105,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2024-12-10 15:00:00.000000',NULL,NULL,'2024-12-07 20:00:00.000000','2024-12-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(183,8,'2024-10-18',135,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-10-21 15:00:00.000000',NULL,NULL,'2024-10-18 20:00:00.000000','2024-10-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(184,8,'2024-08-14',105,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','rejected','Training time is recorded as module completions, not practice hours.',1,'2024-08-17 15:00:00.000000',NULL,NULL,'2024-08-14 20:00:00.000000','2024-08-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(185,11,'2025-07-14',150,'one_on_one','in_person',0,1,'Dr. Lena Ortiz','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-07-17 15:00:00.000000',NULL,NULL,'2025-07-14 20:00:00.000000','2025-07-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(186,11,'2024-10-10',210,'outreach','in_person',0,1,'Dr. Lena Ortiz','Talk about peer support at the library.','approved',NULL,1,'2024-10-13 15:00:00.000000',NULL,NULL,'2024-10-10 20:00:00.000000','2024-10-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(187,11,'2025-02-20',120,'outreach','in_person',0,1,'Dr. Lena Ortiz','Talk about peer support at the library.','approved',NULL,1,'2025-02-23 15:00:00.000000',NULL,NULL,'2025-02-20 20:00:00.000000','2025-02-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(188,11,'2025-04-16',165,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-04-19 15:00:00.000000',NULL,NULL,'2025-04-16 20:00:00.000000','2025-04-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(189,11,'2025-07-25',120,'one_on_one','phone',1,1,'Dr. Lena Ortiz','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-07-28 15:00:00.000000',NULL,NULL,'2025-07-25 20:00:00.000000','2025-07-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(190,11,'2025-04-21',135,'online_community','online',0,1,'Sam Whitfield, LCSW','Evening shift on the peer chat service.','approved',NULL,1,'2025-04-24 15:00:00.000000',NULL,NULL,'2025-04-21 20:00:00.000000','2025-04-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(191,11,'2025-07-21',120,'training','in_person',1,1,'Jordan Blake, CPS','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2025-07-24 15:00:00.000000',NULL,NULL,'2025-07-21 20:00:00.000000','2025-07-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(192,11,'2024-12-09',225,'one_on_one','phone',0,1,'Jordan Blake, CPS','Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-12-12 15:00:00.000000',NULL,NULL,'2024-12-09 20:00:00.000000','2024-12-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(193,11,'2025-09-02',165,'support_group','online',1,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2025-09-05 15:00:00.000000',NULL,NULL,'2025-09-02 20:00:00.000000','2025-09-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(194,11,'2025-08-02',225,'support_group','online',1,1,'Jordan Blake, CPS','Supported the Saturday wellness group.','approved',NULL,1,'2025-08-05 15:00:00.000000',NULL,NULL,'2025-08-02 20:00:00.000000','2025-08-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(195,11,'2025-06-29',90,'outreach','in_person',0,1,'Sam Whitfield, LCSW','Outreach table at the community health fair.','approved',NULL,1,'2025-07-02 15:00:00.000000',NULL,NULL,'2025-06-29 20:00:00.000000','2025-07-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(196,11,'2024-11-02',135,'online_community','online',0,1,'Jordan Blake, CPS','Evening shift on the peer chat service.','approved',NULL,1,'2024-11-05 15:00:00.000000',NULL,NULL,'2024-11-02 20:00:00.000000','2024-11-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(197,11,'2025-01-04',120,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-01-07 15:00:00.000000',NULL,NULL,'2025-01-04 20:00:00.000000','2025-01-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(198,11,'2025-05-18',195,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-05-21 15:00:00.000000',NULL,NULL,'2025-05-18 20:00:00.000000','2025-05-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(199,11,'2025-04-09',105,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-04-12 15:00:00.000000',NULL,NULL,'2025-04-09 20:00:00.000000','2025-04-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(200,11,'2025-06-27',210,'support_group','in_person',1,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-06-30 15:00:00.000000',NULL,NULL,'2025-06-27 20:00:00.000000','2025-06-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(201,11,'2024-10-21',60,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2024-10-24 15:00:00.000000',NULL,NULL,'2024-10-21 20:00:00.000000','2024-10-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(202,11,'2025-09-18',105,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2025-09-21 15:00:00.000000',NULL,NULL,'2025-09-18 20:00:00.000000','2025-09-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(203,11,'2025-03-28',150,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2025-03-31 15:00:00.000000',NULL,NULL,'2025-03-28 20:00:00.000000','2025-03-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(204,11,'2024-10-07',210,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-10-10 15:00:00.000000',NULL,NULL,'2024-10-07 20:00:00.000000','2024-10-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(205,11,'2025-09-20',90,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2025-09-23 15:00:00.000000',NULL,NULL,'2025-09-20 20:00:00.000000','2025-09-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(206,11,'2024-12-15',135,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2024-12-18 15:00:00.000000',NULL,NULL,'2024-12-15 20:00:00.000000','2024-12-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(207,11,'2024-12-22',135,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2024-12-25 15:00:00.000000',NULL,NULL,'2024-12-22 20:00:00.000000','2024-12-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(208,11,'2025-05-16',210,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2025-05-19 15:00:00.000000',NULL,NULL,'2025-05-16 20:00:00.000000','2025-05-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(209,11,'2025-04-27',150,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2025-04-30 15:00:00.000000',NULL,NULL,'2025-04-27 20:00:00.000000','2025-04-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(210,11,'2025-03-06',120,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-03-09 15:00:00.000000',NULL,NULL,'2025-03-06 20:00:00.000000','2025-03-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(211,11,'2025-09-14',210,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-09-17 15:00:00.000000',NULL,NULL,'2025-09-14 20:00:00.000000','2025-09-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(212,11,'2025-06-24',75,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2025-06-27 15:00:00.000000',NULL,NULL,'2025-06-24 20:00:00.000000','2025-06-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(213,11,'2025-04-23',75,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2025-04-26 15:00:00.000000',NULL,NULL,'2025-04-23 20:00:00.000000','2025-04-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(214,11,'2025-05-27',240,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2025-05-30 15:00:00.000000',NULL,NULL,'2025-05-27 20:00:00.000000','2025-05-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(215,11,'2025-03-22',165,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-03-25 15:00:00.000000',NULL,NULL,'2025-03-22 20:00:00.000000','2025-03-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(216,11,'2025-07-07',90,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-07-10 15:00:00.000000',NULL,NULL,'2025-07-07 20:00:00.000000','2025-07-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(217,11,'2024-12-12',225,'online_community','online',1,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2024-12-15 15:00:00.000000',NULL,NULL,'2024-12-12 20:00:00.000000','2024-12-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(218,11,'2025-01-24',180,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2025-01-27 15:00:00.000000',NULL,NULL,'2025-01-24 20:00:00.000000','2025-01-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(219,11,'2024-10-25',135,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2024-10-28 15:00:00.000000',NULL,NULL,'2024-10-25 20:00:00.000000','2024-10-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(220,11,'2025-02-01',75,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2025-02-04 15:00:00.000000',NULL,NULL,'2025-02-01 20:00:00.000000','2025-02-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(221,11,'2024-10-12',90,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2024-10-15 15:00:00.000000',NULL,NULL,'2024-10-12 20:00:00.000000','2024-10-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(222,11,'2025-08-11',60,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2025-08-14 15:00:00.000000',NULL,NULL,'2025-08-11 20:00:00.000000','2025-08-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(223,11,'2025-09-17',150,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-09-20 15:00:00.000000',NULL,NULL,'2025-09-17 20:00:00.000000','2025-09-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(224,11,'2025-03-18',180,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2025-03-21 15:00:00.000000',NULL,NULL,'2025-03-18 20:00:00.000000','2025-03-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(225,11,'2025-08-16',105,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2025-08-19 15:00:00.000000',NULL,NULL,'2025-08-16 20:00:00.000000','2025-08-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(226,11,'2025-09-10',90,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2025-09-13 15:00:00.000000',NULL,NULL,'2025-09-10 20:00:00.000000','2025-09-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(227,11,'2025-05-11',60,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-05-14 15:00:00.000000',NULL,NULL,'2025-05-11 20:00:00.000000','2025-05-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(228,11,'2025-06-02',120,'online_community','online',1,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2025-06-05 15:00:00.000000',NULL,NULL,'2025-06-02 20:00:00.000000','2025-06-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(229,11,'2025-05-26',210,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2025-05-29 15:00:00.000000',NULL,NULL,'2025-05-26 20:00:00.000000','2025-05-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(230,11,'2024-10-11',120,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','rejected','Duplicate of another entry for the same shift.',1,'2024-10-14 15:00:00.000000',NULL,NULL,'2024-10-11 20:00:00.000000','2024-10-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(231,13,'2025-06-13',120,'support_group','online',0,1,'Sam Whitfield, LCSW','Supported the Saturday wellness group.','approved',NULL,1,'2025-06-16 15:00:00.000000',NULL,NULL,'2025-06-13 20:00:00.000000','2025-06-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(232,13,'2025-12-21',105,'support_group','in_person',0,1,'Jordan Blake, CPS','Led the opening round and the group agreement.','approved',NULL,1,'2025-12-24 15:00:00.000000',NULL,NULL,'2025-12-21 20:00:00.000000','2025-12-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(233,13,'2025-07-21',165,'support_group','in_person',0,1,'Jordan Blake, CPS','Supported the Saturday wellness group.','approved',NULL,1,'2025-07-24 15:00:00.000000',NULL,NULL,'2025-07-21 20:00:00.000000','2025-07-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(234,13,'2025-05-18',150,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-05-21 15:00:00.000000',NULL,NULL,'2025-05-18 20:00:00.000000','2025-05-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(235,13,'2025-04-17',105,'support_group','in_person',0,1,'Jordan Blake, CPS','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-04-20 15:00:00.000000',NULL,NULL,'2025-04-17 20:00:00.000000','2025-04-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(236,13,'2025-06-26',75,'support_group','online',0,1,'Jordan Blake, CPS','Supported the Saturday wellness group.','approved',NULL,1,'2025-06-29 15:00:00.000000',NULL,NULL,'2025-06-26 20:00:00.000000','2025-06-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(237,13,'2025-12-08',60,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-12-11 15:00:00.000000',NULL,NULL,'2025-12-08 20:00:00.000000','2025-12-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(238,13,'2025-04-22',225,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2025-04-25 15:00:00.000000',NULL,NULL,'2025-04-22 20:00:00.000000','2025-04-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(239,13,'2025-11-07',165,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-11-10 15:00:00.000000',NULL,NULL,'2025-11-07 20:00:00.000000','2025-11-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(240,13,'2025-11-12',210,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-11-15 15:00:00.000000',NULL,NULL,'2025-11-12 20:00:00.000000','2025-11-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(241,13,'2025-12-15',90,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-12-18 15:00:00.000000',NULL,NULL,'2025-12-15 20:00:00.000000','2025-12-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(242,13,'2025-08-30',210,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2025-09-02 15:00:00.000000',NULL,NULL,'2025-08-30 20:00:00.000000','2025-09-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(243,13,'2026-01-20',90,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-01-23 15:00:00.000000',NULL,NULL,'2026-01-20 20:00:00.000000','2026-01-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(244,13,'2026-01-09',90,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-01-12 15:00:00.000000',NULL,NULL,'2026-01-09 20:00:00.000000','2026-01-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(245,13,'2026-01-19',75,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-01-22 15:00:00.000000',NULL,NULL,'2026-01-19 20:00:00.000000','2026-01-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(246,13,'2025-09-03',90,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2025-09-06 15:00:00.000000',NULL,NULL,'2025-09-03 20:00:00.000000','2025-09-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(247,13,'2026-01-04',45,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-01-07 15:00:00.000000',NULL,NULL,'2026-01-04 20:00:00.000000','2026-01-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(248,7,'2025-08-27',180,'training','in_person',0,1,'Dr. Lena Ortiz','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2025-08-30 15:00:00.000000',NULL,NULL,'2025-08-27 20:00:00.000000','2025-08-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(249,7,'2025-11-10',120,'online_community','online',0,1,'Jordan Blake, CPS','Evening shift on the peer chat service.','approved',NULL,1,'2025-11-13 15:00:00.000000',NULL,NULL,'2025-11-10 20:00:00.000000','2025-11-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(250,7,'2025-10-22',195,'outreach','in_person',0,1,'Sam Whitfield, LCSW','Outreach table at the community health fair.','approved',NULL,1,'2025-10-25 15:00:00.000000',NULL,NULL,'2025-10-22 20:00:00.000000','2025-10-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(251,7,'2026-05-15',240,'online_community','online',0,1,'Dr. Lena Ortiz','Evening shift on the peer chat service.','approved',NULL,1,'2026-05-18 15:00:00.000000',NULL,NULL,'2026-05-15 20:00:00.000000','2026-05-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(252,7,'2026-02-09',60,'one_on_one','in_person',0,1,'Dr. Lena Ortiz','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-02-12 15:00:00.000000',NULL,NULL,'2026-02-09 20:00:00.000000','2026-02-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(253,7,'2026-03-03',165,'training','in_person',0,1,'Jordan Blake, CPS','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-03-06 15:00:00.000000',NULL,NULL,'2026-03-03 20:00:00.000000','2026-03-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(254,7,'2025-10-12',195,'online_community','online',0,1,'Jordan Blake, CPS','Evening shift on the peer chat service.','approved',NULL,1,'2025-10-15 15:00:00.000000',NULL,NULL,'2025-10-12 20:00:00.000000','2025-10-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(255,7,'2026-01-30',180,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-02-02 15:00:00.000000',NULL,NULL,'2026-01-30 20:00:00.000000','2026-02-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(256,7,'2026-05-29',135,'outreach','in_person',0,1,'Sam Whitfield, LCSW','Outreach table at the community health fair.','approved',NULL,1,'2026-06-01 15:00:00.000000',NULL,NULL,'2026-05-29 20:00:00.000000','2026-06-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(257,7,'2025-11-14',75,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2025-11-17 15:00:00.000000',NULL,NULL,'2025-11-14 20:00:00.000000','2025-11-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(258,7,'2026-01-05',15,'support_group','in_person',0,1,'Dr. Lena Ortiz','Supported the Saturday wellness group.','approved',NULL,1,'2026-01-08 15:00:00.000000',NULL,NULL,'2026-01-05 20:00:00.000000','2026-01-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(259,7,'2026-02-20',90,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-02-23 15:00:00.000000',NULL,NULL,'2026-02-20 20:00:00.000000','2026-02-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(260,7,'2025-11-01',240,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-11-04 15:00:00.000000',NULL,NULL,'2025-11-01 20:00:00.000000','2025-11-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(261,7,'2025-10-11',150,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-10-14 15:00:00.000000',NULL,NULL,'2025-10-11 20:00:00.000000','2025-10-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(262,7,'2026-03-06',75,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-03-09 15:00:00.000000',NULL,NULL,'2026-03-06 20:00:00.000000','2026-03-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(263,7,'2025-10-30',195,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2025-11-02 15:00:00.000000',NULL,NULL,'2025-10-30 20:00:00.000000','2025-11-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(264,7,'2026-06-11',135,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-06-14 15:00:00.000000',NULL,NULL,'2026-06-11 20:00:00.000000','2026-06-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(265,7,'2025-12-21',120,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2025-12-24 15:00:00.000000',NULL,NULL,'2025-12-21 20:00:00.000000','2025-12-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(266,7,'2026-02-15',240,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-02-18 15:00:00.000000',NULL,NULL,'2026-02-15 20:00:00.000000','2026-02-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(267,7,'2025-07-25',120,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-07-28 15:00:00.000000',NULL,NULL,'2025-07-25 20:00:00.000000','2025-07-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(268,7,'2026-02-08',75,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-02-11 15:00:00.000000',NULL,NULL,'2026-02-08 20:00:00.000000','2026-02-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(269,7,'2026-04-06',210,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-04-09 15:00:00.000000',NULL,NULL,'2026-04-06 20:00:00.000000','2026-04-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(270,7,'2025-10-05',135,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2025-10-08 15:00:00.000000',NULL,NULL,'2025-10-05 20:00:00.000000','2025-10-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(271,7,'2026-03-18',180,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-03-21 15:00:00.000000',NULL,NULL,'2026-03-18 20:00:00.000000','2026-03-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(272,7,'2026-06-01',90,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-06-04 15:00:00.000000',NULL,NULL,'2026-06-01 20:00:00.000000','2026-06-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(273,7,'2026-05-13',135,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-05-16 15:00:00.000000',NULL,NULL,'2026-05-13 20:00:00.000000','2026-05-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(274,7,'2025-10-04',135,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-10-07 15:00:00.000000',NULL,NULL,'2025-10-04 20:00:00.000000','2025-10-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(275,7,'2026-05-10',75,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-05-13 15:00:00.000000',NULL,NULL,'2026-05-10 20:00:00.000000','2026-05-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(276,7,'2025-07-21',105,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-07-24 15:00:00.000000',NULL,NULL,'2025-07-21 20:00:00.000000','2025-07-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(277,7,'2026-06-02',90,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2026-06-05 15:00:00.000000',NULL,NULL,'2026-06-02 20:00:00.000000','2026-06-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(278,7,'2026-04-20',90,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-04-23 15:00:00.000000',NULL,NULL,'2026-04-20 20:00:00.000000','2026-04-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(279,7,'2025-11-30',210,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2025-12-03 15:00:00.000000',NULL,NULL,'2025-11-30 20:00:00.000000','2025-12-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(280,7,'2026-02-07',105,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-02-10 15:00:00.000000',NULL,NULL,'2026-02-07 20:00:00.000000','2026-02-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(281,7,'2026-02-18',75,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2026-02-21 15:00:00.000000',NULL,NULL,'2026-02-18 20:00:00.000000','2026-02-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(282,7,'2026-04-26',225,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-04-29 15:00:00.000000',NULL,NULL,'2026-04-26 20:00:00.000000','2026-04-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(283,7,'2026-03-14',105,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-03-17 15:00:00.000000',NULL,NULL,'2026-03-14 20:00:00.000000','2026-03-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(284,7,'2025-07-31',120,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-08-03 15:00:00.000000',NULL,NULL,'2025-07-31 20:00:00.000000','2025-08-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(285,7,'2025-07-17',240,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2025-07-20 15:00:00.000000',NULL,NULL,'2025-07-17 20:00:00.000000','2025-07-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(286,7,'2026-03-31',75,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-04-03 15:00:00.000000',NULL,NULL,'2026-03-31 20:00:00.000000','2026-04-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(287,7,'2025-09-12',90,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2025-09-15 15:00:00.000000',NULL,NULL,'2025-09-12 20:00:00.000000','2025-09-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(288,7,'2026-05-11',210,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-05-14 15:00:00.000000',NULL,NULL,'2026-05-11 20:00:00.000000','2026-05-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(289,7,'2025-12-31',195,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-01-03 15:00:00.000000',NULL,NULL,'2025-12-31 20:00:00.000000','2026-01-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(290,7,'2026-03-27',75,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2026-03-30 15:00:00.000000',NULL,NULL,'2026-03-27 20:00:00.000000','2026-03-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(291,7,'2025-09-06',225,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2025-09-09 15:00:00.000000',NULL,NULL,'2025-09-06 20:00:00.000000','2025-09-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(292,7,'2026-01-25',90,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-01-28 15:00:00.000000',NULL,NULL,'2026-01-25 20:00:00.000000','2026-01-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(293,7,'2026-06-12',75,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-06-15 15:00:00.000000',NULL,NULL,'2026-06-12 20:00:00.000000','2026-06-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(294,7,'2025-12-12',240,'online_community','online',1,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2025-12-15 15:00:00.000000',NULL,NULL,'2025-12-12 20:00:00.000000','2025-12-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(295,7,'2026-06-20',75,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-06-23 15:00:00.000000',NULL,NULL,'2026-06-20 20:00:00.000000','2026-06-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(296,7,'2026-03-25',90,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','rejected','Duplicate of another entry for the same shift.',1,'2026-03-28 15:00:00.000000',NULL,NULL,'2026-03-25 20:00:00.000000','2026-03-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(297,15,'2026-07-20',60,'support_group','online',0,1,'Sam Whitfield, LCSW','Led the opening round and the group agreement.','approved',NULL,1,'2026-07-23 15:00:00.000000',NULL,NULL,'2026-07-20 20:00:00.000000','2026-07-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(298,15,'2026-08-30',105,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-09-02 15:00:00.000000',NULL,NULL,'2026-08-30 20:00:00.000000','2026-09-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(299,15,'2026-08-13',75,'support_group','in_person',0,1,'Jordan Blake, CPS','Supported the Saturday wellness group.','approved',NULL,1,'2026-08-16 15:00:00.000000',NULL,NULL,'2026-08-13 20:00:00.000000','2026-08-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(300,15,'2026-07-05',150,'support_group','online',1,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-07-08 15:00:00.000000',NULL,NULL,'2026-07-05 20:00:00.000000','2026-07-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(301,15,'2026-07-17',210,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-07-20 15:00:00.000000',NULL,NULL,'2026-07-17 20:00:00.000000','2026-07-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(302,15,'2026-08-23',120,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-08-26 15:00:00.000000',NULL,NULL,'2026-08-23 20:00:00.000000','2026-08-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(303,15,'2026-07-28',165,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-07-31 15:00:00.000000',NULL,NULL,'2026-07-28 20:00:00.000000','2026-07-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(304,15,'2026-07-10',150,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-07-13 15:00:00.000000',NULL,NULL,'2026-07-10 20:00:00.000000','2026-07-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(305,15,'2026-08-18',165,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-08-21 15:00:00.000000',NULL,NULL,'2026-08-18 20:00:00.000000','2026-08-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(306,15,'2026-07-31',165,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-08-03 15:00:00.000000',NULL,NULL,'2026-07-31 20:00:00.000000','2026-08-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(307,15,'2026-08-28',240,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-08-31 15:00:00.000000',NULL,NULL,'2026-08-28 20:00:00.000000','2026-08-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(308,15,'2026-07-08',90,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-07-11 15:00:00.000000',NULL,NULL,'2026-07-08 20:00:00.000000','2026-07-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(309,15,'2026-08-11',165,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-08-14 15:00:00.000000',NULL,NULL,'2026-08-11 20:00:00.000000','2026-08-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(310,6,'2026-03-29',210,'support_group','online',0,1,'Sam Whitfield, LCSW','Led the opening round and the group agreement.','approved',NULL,1,'2026-04-01 15:00:00.000000',NULL,NULL,'2026-03-29 20:00:00.000000','2026-04-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(311,6,'2026-03-17',210,'online_community','online',1,1,'Sam Whitfield, LCSW','Moderated the online peer forum.','approved',NULL,1,'2026-03-20 15:00:00.000000',NULL,NULL,'2026-03-17 20:00:00.000000','2026-03-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(312,6,'2026-05-26',150,'support_group','online',0,1,'Sam Whitfield, LCSW','Led the opening round and the group agreement.','approved',NULL,1,'2026-05-29 15:00:00.000000',NULL,NULL,'2026-05-26 20:00:00.000000','2026-05-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(313,6,'2026-07-26',90,'one_on_one','phone',0,1,'Sam Whitfield, LCSW','Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-07-29 15:00:00.000000',NULL,NULL,'2026-07-26 20:00:00.000000','2026-07-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(314,6,'2026-09-10',210,'support_group','in_person',0,1,'Jordan Blake, CPS','Supported the Saturday wellness group.','approved',NULL,1,'2026-09-13 15:00:00.000000',NULL,NULL,'2026-09-10 20:00:00.000000','2026-09-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(315,6,'2026-07-03',135,'online_community','online',0,1,'Jordan Blake, CPS','Evening shift on the peer chat service.','approved',NULL,1,'2026-07-06 15:00:00.000000',NULL,NULL,'2026-07-03 20:00:00.000000','2026-07-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(316,6,'2025-12-29',75,'outreach','in_person',1,1,'Jordan Blake, CPS','Outreach table at the community health fair.','approved',NULL,1,'2026-01-01 15:00:00.000000',NULL,NULL,'2025-12-29 20:00:00.000000','2026-01-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(317,6,'2026-04-01',165,'support_group','in_person',0,1,'Dr. Lena Ortiz','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-04-04 15:00:00.000000',NULL,NULL,'2026-04-01 20:00:00.000000','2026-04-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(318,6,'2026-01-10',150,'online_community','online',0,1,'Sam Whitfield, LCSW','Moderated the online peer forum.','approved',NULL,1,'2026-01-13 15:00:00.000000',NULL,NULL,'2026-01-10 20:00:00.000000','2026-01-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(319,6,'2026-06-20',150,'training','in_person',1,1,'Jordan Blake, CPS','Observed an experienced facilitator''s group.','approved',NULL,1,'2026-06-23 15:00:00.000000',NULL,NULL,'2026-06-20 20:00:00.000000','2026-06-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(320,6,'2026-01-09',105,'support_group','in_person',0,1,'Jordan Blake, CPS','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-01-12 15:00:00.000000',NULL,NULL,'2026-01-09 20:00:00.000000','2026-01-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(321,6,'2026-01-13',75,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-01-16 15:00:00.000000',NULL,NULL,'2026-01-13 20:00:00.000000','2026-01-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(322,6,'2026-07-21',135,'one_on_one','in_person',1,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-07-24 15:00:00.000000',NULL,NULL,'2026-07-21 20:00:00.000000','2026-07-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(323,6,'2026-01-30',60,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-02-02 15:00:00.000000',NULL,NULL,'2026-01-30 20:00:00.000000','2026-02-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(324,6,'2026-09-27',165,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-09-30 15:00:00.000000',NULL,NULL,'2026-09-27 20:00:00.000000','2026-09-30 20:00:00.000000');
INSERT INTO hour_entries VALUES(325,6,'2026-04-20',195,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-04-23 15:00:00.000000',NULL,NULL,'2026-04-20 20:00:00.000000','2026-04-23 20:00:00.000000');
INSERT INTO hour_entries VALUES(326,6,'2026-05-19',150,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-05-22 15:00:00.000000',NULL,NULL,'2026-05-19 20:00:00.000000','2026-05-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(327,6,'2026-10-10',210,'support_group','online',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-10-13 15:00:00.000000',NULL,NULL,'2026-10-10 20:00:00.000000','2026-10-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(328,6,'2026-02-09',225,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-02-12 15:00:00.000000',NULL,NULL,'2026-02-09 20:00:00.000000','2026-02-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(329,6,'2026-09-17',120,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-09-20 15:00:00.000000',NULL,NULL,'2026-09-17 20:00:00.000000','2026-09-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(330,6,'2026-06-11',150,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-06-14 15:00:00.000000',NULL,NULL,'2026-06-11 20:00:00.000000','2026-06-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(331,6,'2025-12-30',165,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-01-02 15:00:00.000000',NULL,NULL,'2025-12-30 20:00:00.000000','2026-01-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(332,6,'2026-10-11',225,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-10-14 15:00:00.000000',NULL,NULL,'2026-10-11 20:00:00.000000','2026-10-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(333,6,'2026-03-09',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-03-12 15:00:00.000000',NULL,NULL,'2026-03-09 20:00:00.000000','2026-03-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(334,6,'2026-08-15',150,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-08-18 15:00:00.000000',NULL,NULL,'2026-08-15 20:00:00.000000','2026-08-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(335,6,'2026-01-11',150,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2026-01-14 15:00:00.000000',NULL,NULL,'2026-01-11 20:00:00.000000','2026-01-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(336,6,'2026-09-30',165,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-10-03 15:00:00.000000',NULL,NULL,'2026-09-30 20:00:00.000000','2026-10-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(337,6,'2026-02-25',180,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-02-28 15:00:00.000000',NULL,NULL,'2026-02-25 20:00:00.000000','2026-02-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(338,6,'2026-06-07',90,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-06-10 15:00:00.000000',NULL,NULL,'2026-06-07 20:00:00.000000','2026-06-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(339,6,'2026-10-07',240,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-10-10 15:00:00.000000',NULL,NULL,'2026-10-07 20:00:00.000000','2026-10-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(340,6,'2026-09-25',165,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-09-28 15:00:00.000000',NULL,NULL,'2026-09-25 20:00:00.000000','2026-09-28 20:00:00.000000');
INSERT INTO hour_entries VALUES(341,6,'2025-12-18',165,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-12-21 15:00:00.000000',NULL,NULL,'2025-12-18 20:00:00.000000','2025-12-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(342,6,'2026-04-16',75,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-04-19 15:00:00.000000',NULL,NULL,'2026-04-16 20:00:00.000000','2026-04-19 20:00:00.000000');
INSERT INTO hour_entries VALUES(343,6,'2026-09-22',75,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-09-25 15:00:00.000000',NULL,NULL,'2026-09-22 20:00:00.000000','2026-09-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(344,6,'2026-08-17',165,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-08-20 15:00:00.000000',NULL,NULL,'2026-08-17 20:00:00.000000','2026-08-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(345,6,'2025-12-08',135,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2025-12-11 15:00:00.000000',NULL,NULL,'2025-12-08 20:00:00.000000','2025-12-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(346,6,'2026-04-30',105,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-05-03 15:00:00.000000',NULL,NULL,'2026-04-30 20:00:00.000000','2026-05-03 20:00:00.000000');
INSERT INTO hour_entries VALUES(347,6,'2026-01-05',150,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-01-08 15:00:00.000000',NULL,NULL,'2026-01-05 20:00:00.000000','2026-01-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(348,6,'2026-02-10',165,'one_on_one','in_person',1,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-02-13 15:00:00.000000',NULL,NULL,'2026-02-10 20:00:00.000000','2026-02-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(349,6,'2026-08-11',150,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-08-14 15:00:00.000000',NULL,NULL,'2026-08-11 20:00:00.000000','2026-08-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(350,6,'2026-08-05',225,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2026-08-08 15:00:00.000000',NULL,NULL,'2026-08-05 20:00:00.000000','2026-08-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(351,6,'2026-01-18',105,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-01-21 15:00:00.000000',NULL,NULL,'2026-01-18 20:00:00.000000','2026-01-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(352,6,'2026-06-23',15,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-06-26 15:00:00.000000',NULL,NULL,'2026-06-23 20:00:00.000000','2026-06-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(353,6,'2026-04-11',150,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','rejected','Duplicate of another entry for the same shift.',1,'2026-04-14 15:00:00.000000',NULL,NULL,'2026-04-11 20:00:00.000000','2026-04-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(354,6,'2026-10-24',90,'online_community','online',0,0,NULL,'Moderated the online peer forum.','pending',NULL,NULL,NULL,NULL,NULL,'2026-10-24 20:00:00.000000','2026-10-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(355,6,'2026-10-31',60,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','pending',NULL,NULL,NULL,NULL,NULL,'2026-10-31 20:00:00.000000','2026-10-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(356,3,'2026-02-06',240,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-02-09 15:00:00.000000',NULL,NULL,'2026-02-06 20:00:00.000000','2026-02-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(357,3,'2026-07-22',210,'support_group','online',0,1,'Dr. Lena Ortiz','Led the opening round and the group agreement.','approved',NULL,1,'2026-07-25 15:00:00.000000',NULL,NULL,'2026-07-22 20:00:00.000000','2026-07-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(358,3,'2026-06-22',210,'support_group','in_person',0,1,'Jordan Blake, CPS','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-06-25 15:00:00.000000',NULL,NULL,'2026-06-22 20:00:00.000000','2026-06-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(359,3,'2026-04-02',60,'support_group','online',0,1,'Sam Whitfield, LCSW','Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-04-05 15:00:00.000000',NULL,NULL,'2026-04-02 20:00:00.000000','2026-04-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(360,3,'2026-04-11',150,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-04-14 15:00:00.000000',NULL,NULL,'2026-04-11 20:00:00.000000','2026-04-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(361,3,'2026-10-23',60,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-10-26 15:00:00.000000',NULL,NULL,'2026-10-23 20:00:00.000000','2026-10-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(362,3,'2026-09-29',135,'outreach','in_person',1,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-10-02 15:00:00.000000',NULL,NULL,'2026-09-29 20:00:00.000000','2026-10-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(363,3,'2026-07-13',105,'outreach','in_person',1,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-07-16 15:00:00.000000',NULL,NULL,'2026-07-13 20:00:00.000000','2026-07-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(364,3,'2026-07-14',135,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2026-07-17 15:00:00.000000',NULL,NULL,'2026-07-14 20:00:00.000000','2026-07-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(365,3,'2026-03-22',90,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-03-25 15:00:00.000000',NULL,NULL,'2026-03-22 20:00:00.000000','2026-03-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(366,3,'2026-05-02',240,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-05-05 15:00:00.000000',NULL,NULL,'2026-05-02 20:00:00.000000','2026-05-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(367,3,'2026-05-19',75,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-05-22 15:00:00.000000',NULL,NULL,'2026-05-19 20:00:00.000000','2026-05-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(368,3,'2026-09-24',75,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-09-27 15:00:00.000000',NULL,NULL,'2026-09-24 20:00:00.000000','2026-09-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(369,3,'2026-02-03',60,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-02-06 15:00:00.000000',NULL,NULL,'2026-02-03 20:00:00.000000','2026-02-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(370,3,'2026-03-11',240,'one_on_one','phone',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-03-14 15:00:00.000000',NULL,NULL,'2026-03-11 20:00:00.000000','2026-03-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(371,3,'2026-05-29',150,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-06-01 15:00:00.000000',NULL,NULL,'2026-05-29 20:00:00.000000','2026-06-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(372,3,'2026-11-13',180,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-11-16 15:00:00.000000',NULL,NULL,'2026-11-13 20:00:00.000000','2026-11-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(373,3,'2026-02-15',60,'support_group','in_person',1,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-02-18 15:00:00.000000',NULL,NULL,'2026-02-15 20:00:00.000000','2026-02-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(374,3,'2026-03-30',60,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-04-02 15:00:00.000000',NULL,NULL,'2026-03-30 20:00:00.000000','2026-04-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(375,3,'2026-10-12',105,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-10-15 15:00:00.000000',NULL,NULL,'2026-10-12 20:00:00.000000','2026-10-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(376,3,'2026-07-30',120,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-08-02 15:00:00.000000',NULL,NULL,'2026-07-30 20:00:00.000000','2026-08-02 20:00:00.000000');
INSERT INTO hour_entries VALUES(377,3,'2026-08-23',165,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-08-26 15:00:00.000000',NULL,NULL,'2026-08-23 20:00:00.000000','2026-08-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(378,3,'2026-03-07',120,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','approved',NULL,1,'2026-03-10 15:00:00.000000',NULL,NULL,'2026-03-07 20:00:00.000000','2026-03-10 20:00:00.000000');
INSERT INTO hour_entries VALUES(379,3,'2026-02-05',105,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-02-08 15:00:00.000000',NULL,NULL,'2026-02-05 20:00:00.000000','2026-02-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(380,3,'2026-09-23',150,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','rejected','The supervisor has no record of this session; please check the date.',1,'2026-09-26 15:00:00.000000',NULL,NULL,'2026-09-23 20:00:00.000000','2026-09-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(381,3,'2026-11-15',165,'one_on_one','in_person',0,1,'Dr. Lena Ortiz','Peer support sessions at the drop-in centre.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-15 20:00:00.000000','2026-11-15 20:00:00.000000');
INSERT INTO hour_entries VALUES(382,3,'2026-11-16',90,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-16 20:00:00.000000','2026-11-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(383,3,'2026-11-20',165,'one_on_one','phone',0,1,'Jordan Blake, CPS','Peer support sessions at the drop-in centre.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-20 20:00:00.000000','2026-11-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(384,5,'2026-10-29',75,'outreach','in_person',0,0,NULL,'Talk about peer support at the library.','approved',NULL,1,'2026-11-01 15:00:00.000000',NULL,NULL,'2026-10-29 20:00:00.000000','2026-11-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(385,5,'2026-11-10',90,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-11-13 15:00:00.000000',NULL,NULL,'2026-11-10 20:00:00.000000','2026-11-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(386,5,'2026-11-04',75,'one_on_one','phone',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-11-07 15:00:00.000000',NULL,NULL,'2026-11-04 20:00:00.000000','2026-11-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(387,5,'2026-11-11',60,'support_group','in_person',1,0,NULL,'Led the opening round and the group agreement.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-11 20:00:00.000000','2026-11-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(388,5,'2026-11-13',165,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-13 20:00:00.000000','2026-11-13 20:00:00.000000');
INSERT INTO hour_entries VALUES(389,5,'2026-11-21',60,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-21 20:00:00.000000','2026-11-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(390,14,'2026-10-17',180,'support_group','in_person',0,1,'Sam Whitfield, LCSW','Led the opening round and the group agreement.','approved',NULL,1,'2026-10-20 15:00:00.000000',NULL,NULL,'2026-10-17 20:00:00.000000','2026-10-20 20:00:00.000000');
INSERT INTO hour_entries VALUES(391,14,'2026-09-08',225,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-09-11 15:00:00.000000',NULL,NULL,'2026-09-08 20:00:00.000000','2026-09-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(392,14,'2026-07-08',195,'support_group','online',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-07-11 15:00:00.000000',NULL,NULL,'2026-07-08 20:00:00.000000','2026-07-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(393,14,'2026-08-23',150,'support_group','online',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-08-26 15:00:00.000000',NULL,NULL,'2026-08-23 20:00:00.000000','2026-08-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(394,14,'2026-08-26',60,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-08-29 15:00:00.000000',NULL,NULL,'2026-08-26 20:00:00.000000','2026-08-29 20:00:00.000000');
INSERT INTO hour_entries VALUES(395,14,'2026-09-04',60,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-09-07 15:00:00.000000',NULL,NULL,'2026-09-04 20:00:00.000000','2026-09-07 20:00:00.000000');
INSERT INTO hour_entries VALUES(396,14,'2026-10-31',60,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','pending',NULL,NULL,NULL,NULL,NULL,'2026-10-31 20:00:00.000000','2026-10-31 20:00:00.000000');
INSERT INTO hour_entries VALUES(397,14,'2026-11-17',165,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-17 20:00:00.000000','2026-11-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(398,13,'2026-08-24',90,'one_on_one','in_person',0,1,'Jordan Blake, CPS','Warmline shift.','approved',NULL,1,'2026-08-27 15:00:00.000000',NULL,NULL,'2026-08-24 20:00:00.000000','2026-08-27 20:00:00.000000');
INSERT INTO hour_entries VALUES(399,13,'2026-08-18',75,'training','in_person',0,1,'Sam Whitfield, LCSW','Observed an experienced facilitator''s group.','approved',NULL,1,'2026-08-21 15:00:00.000000',NULL,NULL,'2026-08-18 20:00:00.000000','2026-08-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(400,13,'2026-07-01',225,'training','in_person',0,1,'Dr. Lena Ortiz','Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-07-04 15:00:00.000000',NULL,NULL,'2026-07-01 20:00:00.000000','2026-07-04 20:00:00.000000');
INSERT INTO hour_entries VALUES(401,13,'2026-07-14',150,'one_on_one','phone',0,1,'Dr. Lena Ortiz','Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-07-17 15:00:00.000000',NULL,NULL,'2026-07-14 20:00:00.000000','2026-07-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(402,13,'2026-11-03',60,'online_community','online',0,0,NULL,'Moderated the online peer forum.','approved',NULL,1,'2026-11-06 15:00:00.000000',NULL,NULL,'2026-11-03 20:00:00.000000','2026-11-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(403,13,'2026-09-22',150,'one_on_one','phone',0,0,NULL,'Warmline shift.','approved',NULL,1,'2026-09-25 15:00:00.000000',NULL,NULL,'2026-09-22 20:00:00.000000','2026-09-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(404,13,'2026-06-13',60,'one_on_one','in_person',0,0,NULL,'Peer support sessions at the drop-in centre.','approved',NULL,1,'2026-06-16 15:00:00.000000',NULL,NULL,'2026-06-13 20:00:00.000000','2026-06-16 20:00:00.000000');
INSERT INTO hour_entries VALUES(405,13,'2026-07-09',90,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-07-12 15:00:00.000000',NULL,NULL,'2026-07-09 20:00:00.000000','2026-07-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(406,13,'2026-09-14',225,'support_group','in_person',0,0,NULL,'Supported the Saturday wellness group.','approved',NULL,1,'2026-09-17 15:00:00.000000',NULL,NULL,'2026-09-14 20:00:00.000000','2026-09-17 20:00:00.000000');
INSERT INTO hour_entries VALUES(407,13,'2026-06-03',90,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-06-06 15:00:00.000000',NULL,NULL,'2026-06-03 20:00:00.000000','2026-06-06 20:00:00.000000');
INSERT INTO hour_entries VALUES(408,13,'2026-06-18',180,'support_group','in_person',0,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-06-21 15:00:00.000000',NULL,NULL,'2026-06-18 20:00:00.000000','2026-06-21 20:00:00.000000');
INSERT INTO hour_entries VALUES(409,13,'2026-11-08',75,'outreach','in_person',1,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-11-11 15:00:00.000000',NULL,NULL,'2026-11-08 20:00:00.000000','2026-11-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(410,13,'2026-08-11',105,'support_group','in_person',0,0,NULL,'Co-facilitated the Tuesday evening recovery group.','approved',NULL,1,'2026-08-14 15:00:00.000000',NULL,NULL,'2026-08-11 20:00:00.000000','2026-08-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(411,13,'2026-09-19',120,'one_on_one','in_person',0,0,NULL,'Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-09-22 15:00:00.000000',NULL,NULL,'2026-09-19 20:00:00.000000','2026-09-22 20:00:00.000000');
INSERT INTO hour_entries VALUES(412,13,'2026-09-23',180,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-09-26 15:00:00.000000',NULL,NULL,'2026-09-23 20:00:00.000000','2026-09-26 20:00:00.000000');
INSERT INTO hour_entries VALUES(413,13,'2026-09-05',240,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-09-08 15:00:00.000000',NULL,NULL,'2026-09-05 20:00:00.000000','2026-09-08 20:00:00.000000');
INSERT INTO hour_entries VALUES(414,13,'2026-09-15',165,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2026-09-18 15:00:00.000000',NULL,NULL,'2026-09-15 20:00:00.000000','2026-09-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(415,13,'2026-11-25',135,'outreach','in_person',0,1,'Dr. Lena Ortiz','Talk about peer support at the library.','pending',NULL,NULL,NULL,NULL,NULL,'2026-11-25 20:00:00.000000','2026-11-25 20:00:00.000000');
INSERT INTO hour_entries VALUES(416,16,'2026-03-15',60,'one_on_one','phone',0,1,'Jordan Blake, CPS','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-03-18 15:00:00.000000',NULL,NULL,'2026-03-15 20:00:00.000000','2026-03-18 20:00:00.000000');
INSERT INTO hour_entries VALUES(417,16,'2026-06-08',60,'one_on_one','phone',0,1,'Jordan Blake, CPS','Follow-up calls after hospital discharge (no names recorded).','approved',NULL,1,'2026-06-11 15:00:00.000000',NULL,NULL,'2026-06-08 20:00:00.000000','2026-06-11 20:00:00.000000');
INSERT INTO hour_entries VALUES(418,16,'2026-05-02',75,'support_group','online',1,0,NULL,'Led the opening round and the group agreement.','approved',NULL,1,'2026-05-05 15:00:00.000000',NULL,NULL,'2026-05-02 20:00:00.000000','2026-05-05 20:00:00.000000');
INSERT INTO hour_entries VALUES(419,16,'2026-05-06',105,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-05-09 15:00:00.000000',NULL,NULL,'2026-05-06 20:00:00.000000','2026-05-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(420,16,'2026-06-06',195,'online_community','online',0,0,NULL,'Evening shift on the peer chat service.','approved',NULL,1,'2026-06-09 15:00:00.000000',NULL,NULL,'2026-06-06 20:00:00.000000','2026-06-09 20:00:00.000000');
INSERT INTO hour_entries VALUES(421,16,'2026-06-09',240,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-06-12 15:00:00.000000',NULL,NULL,'2026-06-09 20:00:00.000000','2026-06-12 20:00:00.000000');
INSERT INTO hour_entries VALUES(422,16,'2026-06-11',105,'training','in_person',0,0,NULL,'Shadowed a certified peer specialist at the clinic.','approved',NULL,1,'2026-06-14 15:00:00.000000',NULL,NULL,'2026-06-11 20:00:00.000000','2026-06-14 20:00:00.000000');
INSERT INTO hour_entries VALUES(423,16,'2026-04-28',180,'outreach','in_person',0,0,NULL,'Outreach table at the community health fair.','approved',NULL,1,'2026-05-01 15:00:00.000000',NULL,NULL,'2026-04-28 20:00:00.000000','2026-05-01 20:00:00.000000');
INSERT INTO hour_entries VALUES(424,16,'2026-06-21',60,'one_on_one','in_person',0,0,NULL,'Warmline shift.','approved',NULL,1,'2026-06-24 15:00:00.000000',NULL,NULL,'2026-06-21 20:00:00.000000','2026-06-24 20:00:00.000000');
INSERT INTO hour_entries VALUES(425,16,'2026-03-26',180,'training','in_person',0,0,NULL,'Observed an experienced facilitator''s group.','rejected','Training time is recorded as module completions, not practice hours.',1,'2026-03-29 15:00:00.000000',NULL,NULL,'2026-03-26 20:00:00.000000','2026-03-29 20:00:00.000000');
CREATE TABLE hour_rules (
	id INTEGER NOT NULL, 
	program_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	label VARCHAR(200) NOT NULL, 
	min_minutes INTEGER NOT NULL, 
	supervised_only BOOLEAN NOT NULL, 
	window_months INTEGER, 
	activities JSON NOT NULL, 
	CONSTRAINT pk_hour_rules PRIMARY KEY (id), 
	CONSTRAINT ck_hour_rules_min_minutes_positive CHECK (min_minutes > 0), 
	CONSTRAINT ck_hour_rules_window_range CHECK (window_months IS NULL OR (window_months > 0 AND window_months <= 240)), 
	CONSTRAINT fk_hour_rules_program_id_programs FOREIGN KEY(program_id) REFERENCES programs (id) ON DELETE CASCADE
);
INSERT INTO hour_rules VALUES(1,1,0,'100 approved volunteer hours',6000,0,NULL,'[]');
INSERT INTO hour_rules VALUES(2,1,1,'25 supervised hours within the last 24 months',1500,1,24,'[]');
INSERT INTO hour_rules VALUES(3,2,0,'30 hours facilitating support groups within the last 12 months',1800,0,12,'["support_group"]');
INSERT INTO hour_rules VALUES(4,2,1,'10 supervised hours',600,1,NULL,'[]');
CREATE TABLE program_modules (
	program_id INTEGER NOT NULL, 
	module_id INTEGER NOT NULL, 
	CONSTRAINT pk_program_modules PRIMARY KEY (program_id, module_id), 
	CONSTRAINT fk_program_modules_module_id_modules FOREIGN KEY(module_id) REFERENCES modules (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_program_modules_program_id_programs FOREIGN KEY(program_id) REFERENCES programs (id) ON DELETE CASCADE
);
INSERT INTO program_modules VALUES(2,11);
INSERT INTO program_modules VALUES(2,12);
INSERT INTO program_modules VALUES(2,13);
INSERT INTO program_modules VALUES(2,14);
INSERT INTO program_modules VALUES(2,4);
INSERT INTO program_modules VALUES(1,1);
INSERT INTO program_modules VALUES(1,2);
INSERT INTO program_modules VALUES(1,3);
INSERT INTO program_modules VALUES(1,4);
INSERT INTO program_modules VALUES(1,5);
INSERT INTO program_modules VALUES(1,6);
INSERT INTO program_modules VALUES(1,7);
INSERT INTO program_modules VALUES(1,8);
INSERT INTO program_modules VALUES(1,9);
INSERT INTO program_modules VALUES(1,10);
CREATE TABLE training_sessions (
	id INTEGER NOT NULL, 
	module_id INTEGER NOT NULL, 
	held_on DATE NOT NULL, 
	location VARCHAR(200) NOT NULL, 
	notes TEXT NOT NULL, 
	created_by_id INTEGER, 
	created_at DATETIME NOT NULL, 
	attendance_recorded_at DATETIME, 
	CONSTRAINT pk_training_sessions PRIMARY KEY (id), 
	CONSTRAINT fk_training_sessions_created_by_id_users FOREIGN KEY(created_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_training_sessions_module_id_modules FOREIGN KEY(module_id) REFERENCES modules (id) ON DELETE RESTRICT
);
INSERT INTO training_sessions VALUES(1,6,'2026-10-01','Community room, 2nd floor','Role plays in groups of three.',1,'2026-09-11 10:00:00.000000','2026-10-01 17:00:00.000000');
INSERT INTO training_sessions VALUES(2,7,'2026-12-12','Online (link sent to attendees)','',2,'2026-12-01 01:26:23.589748',NULL);
CREATE TABLE certification_renewals (
	id INTEGER NOT NULL, 
	certification_id INTEGER NOT NULL, 
	previous_expires_on DATE NOT NULL, 
	new_expires_on DATE NOT NULL, 
	renewed_at DATETIME NOT NULL, 
	renewed_by_id INTEGER, 
	override_reason TEXT, 
	CONSTRAINT pk_certification_renewals PRIMARY KEY (id), 
	CONSTRAINT ck_certification_renewals_extends_expiry CHECK (new_expires_on > previous_expires_on), 
	CONSTRAINT fk_certification_renewals_certification_id_certifications FOREIGN KEY(certification_id) REFERENCES certifications (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_certification_renewals_renewed_by_id_users FOREIGN KEY(renewed_by_id) REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO certification_renewals VALUES(1,1,'2025-03-01','2027-03-01','2025-01-30 11:00:00.000000',1,NULL);
CREATE TABLE ethics_acknowledgements (
	id INTEGER NOT NULL, 
	user_id INTEGER NOT NULL, 
	ethics_version_id INTEGER NOT NULL, 
	acknowledged_at DATETIME NOT NULL, 
	CONSTRAINT pk_ethics_acknowledgements PRIMARY KEY (id), 
	CONSTRAINT fk_ethics_acknowledgements_ethics_version_id_ethics_versions FOREIGN KEY(ethics_version_id) REFERENCES ethics_versions (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_ethics_acknowledgements_user_id_users FOREIGN KEY(user_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT uq_ethics_acknowledgements_user_id_ethics_version_id UNIQUE (user_id, ethics_version_id)
);
INSERT INTO ethics_acknowledgements VALUES(1,12,1,'2022-03-20 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(2,10,1,'2023-09-12 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(3,9,1,'2023-12-01 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(4,8,1,'2024-01-20 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(5,11,1,'2024-10-20 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(6,13,1,'2025-04-17 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(7,12,2,'2026-04-13 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(8,9,2,'2026-05-01 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(9,8,2,'2026-04-22 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(10,13,2,'2026-04-06 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(11,7,2,'2026-04-03 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(12,7,1,'2025-07-20 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(13,15,2,'2026-07-13 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(14,6,2,'2026-10-22 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(15,3,1,'2026-01-11 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(16,5,2,'2026-10-23 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(17,14,2,'2026-07-04 18:00:00.000000');
INSERT INTO ethics_acknowledgements VALUES(18,16,1,'2026-03-03 18:00:00.000000');
CREATE TABLE module_completions (
	id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	module_id INTEGER NOT NULL, 
	completed_on DATE NOT NULL, 
	score INTEGER, 
	source VARCHAR(20) NOT NULL, 
	status VARCHAR(20) NOT NULL, 
	session_id INTEGER, 
	recorded_by_id INTEGER, 
	verified_by_id INTEGER, 
	decided_at DATETIME, 
	rejection_reason VARCHAR(500), 
	submission_key VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_module_completions PRIMARY KEY (id), 
	CONSTRAINT ck_module_completions_source_valid CHECK (source IN ('self_reported', 'coordinator', 'attendance')), 
	CONSTRAINT ck_module_completions_status_valid CHECK (status IN ('pending', 'verified', 'rejected')), 
	CONSTRAINT ck_module_completions_score_range CHECK (score IS NULL OR (score >= 0 AND score <= 100)), 
	CONSTRAINT fk_module_completions_module_id_modules FOREIGN KEY(module_id) REFERENCES modules (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_module_completions_recorded_by_id_users FOREIGN KEY(recorded_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_module_completions_session_id_training_sessions FOREIGN KEY(session_id) REFERENCES training_sessions (id) ON DELETE SET NULL, 
	CONSTRAINT fk_module_completions_trainee_id_users FOREIGN KEY(trainee_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT fk_module_completions_verified_by_id_users FOREIGN KEY(verified_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT uq_module_completions_trainee_id_submission_key UNIQUE (trainee_id, submission_key)
);
INSERT INTO module_completions VALUES(1,12,1,'2022-04-06',NULL,'coordinator','verified',NULL,1,1,'2022-04-08 10:00:00.000000',NULL,NULL,'2022-04-06 17:00:00.000000');
INSERT INTO module_completions VALUES(2,12,2,'2022-05-08',NULL,'coordinator','verified',NULL,1,1,'2022-05-10 10:00:00.000000',NULL,NULL,'2022-05-08 17:00:00.000000');
INSERT INTO module_completions VALUES(3,12,3,'2022-06-09',NULL,'coordinator','verified',NULL,1,1,'2022-06-11 10:00:00.000000',NULL,NULL,'2022-06-09 17:00:00.000000');
INSERT INTO module_completions VALUES(4,12,4,'2022-07-11',NULL,'coordinator','verified',NULL,1,1,'2022-07-13 10:00:00.000000',NULL,NULL,'2022-07-11 17:00:00.000000');
INSERT INTO module_completions VALUES(5,12,5,'2022-08-12',NULL,'coordinator','verified',NULL,1,1,'2022-08-14 10:00:00.000000',NULL,NULL,'2022-08-12 17:00:00.000000');
INSERT INTO module_completions VALUES(6,12,6,'2022-09-12',NULL,'coordinator','verified',NULL,1,1,'2022-09-14 10:00:00.000000',NULL,NULL,'2022-09-12 17:00:00.000000');
INSERT INTO module_completions VALUES(7,12,7,'2022-10-14',NULL,'coordinator','verified',NULL,1,1,'2022-10-16 10:00:00.000000',NULL,NULL,'2022-10-14 17:00:00.000000');
INSERT INTO module_completions VALUES(8,12,8,'2022-11-15',NULL,'coordinator','verified',NULL,1,1,'2022-11-17 10:00:00.000000',NULL,NULL,'2022-11-15 17:00:00.000000');
INSERT INTO module_completions VALUES(9,12,9,'2022-12-17',NULL,'coordinator','verified',NULL,1,1,'2022-12-19 10:00:00.000000',NULL,NULL,'2022-12-17 17:00:00.000000');
INSERT INTO module_completions VALUES(10,12,10,'2023-01-18',91,'coordinator','verified',NULL,1,1,'2023-01-20 10:00:00.000000',NULL,NULL,'2023-01-18 17:00:00.000000');
INSERT INTO module_completions VALUES(11,12,23,'2022-03-31',NULL,'coordinator','verified',NULL,1,1,'2022-04-02 10:00:00.000000',NULL,NULL,'2022-03-31 17:00:00.000000');
INSERT INTO module_completions VALUES(12,12,15,'2023-07-08',NULL,'coordinator','verified',NULL,1,1,'2023-07-10 10:00:00.000000',NULL,NULL,'2023-07-08 17:00:00.000000');
INSERT INTO module_completions VALUES(13,12,16,'2023-09-16',NULL,'coordinator','verified',NULL,1,1,'2023-09-18 10:00:00.000000',NULL,NULL,'2023-09-16 17:00:00.000000');
INSERT INTO module_completions VALUES(14,12,17,'2023-11-24',NULL,'coordinator','verified',NULL,1,1,'2023-11-26 10:00:00.000000',NULL,NULL,'2023-11-24 17:00:00.000000');
INSERT INTO module_completions VALUES(15,12,18,'2024-02-02',NULL,'coordinator','verified',NULL,1,1,'2024-02-04 10:00:00.000000',NULL,NULL,'2024-02-02 17:00:00.000000');
INSERT INTO module_completions VALUES(16,12,19,'2024-04-11',NULL,'coordinator','verified',NULL,1,1,'2024-04-13 10:00:00.000000',NULL,NULL,'2024-04-11 17:00:00.000000');
INSERT INTO module_completions VALUES(17,12,20,'2024-06-20',NULL,'coordinator','verified',NULL,1,1,'2024-06-22 10:00:00.000000',NULL,NULL,'2024-06-20 17:00:00.000000');
INSERT INTO module_completions VALUES(18,12,21,'2024-08-28',NULL,'coordinator','verified',NULL,1,1,'2024-08-30 10:00:00.000000',NULL,NULL,'2024-08-28 17:00:00.000000');
INSERT INTO module_completions VALUES(19,12,22,'2024-11-06',NULL,'coordinator','verified',NULL,1,1,'2024-11-08 10:00:00.000000',NULL,NULL,'2024-11-06 17:00:00.000000');
INSERT INTO module_completions VALUES(20,12,15,'2025-10-10',NULL,'coordinator','verified',NULL,1,1,'2025-10-12 10:00:00.000000',NULL,NULL,'2025-10-10 17:00:00.000000');
INSERT INTO module_completions VALUES(21,12,19,'2026-03-22',NULL,'coordinator','verified',NULL,1,1,'2026-03-24 10:00:00.000000',NULL,NULL,'2026-03-22 17:00:00.000000');
INSERT INTO module_completions VALUES(22,10,1,'2023-09-29',NULL,'coordinator','verified',NULL,1,1,'2023-10-01 10:00:00.000000',NULL,NULL,'2023-09-29 17:00:00.000000');
INSERT INTO module_completions VALUES(23,10,2,'2023-10-31',NULL,'coordinator','verified',NULL,1,1,'2023-11-02 10:00:00.000000',NULL,NULL,'2023-10-31 17:00:00.000000');
INSERT INTO module_completions VALUES(24,10,3,'2023-12-02',NULL,'coordinator','verified',NULL,1,1,'2023-12-04 10:00:00.000000',NULL,NULL,'2023-12-02 17:00:00.000000');
INSERT INTO module_completions VALUES(25,10,4,'2024-01-03',NULL,'coordinator','verified',NULL,1,1,'2024-01-05 10:00:00.000000',NULL,NULL,'2024-01-03 17:00:00.000000');
INSERT INTO module_completions VALUES(26,10,5,'2024-02-04',NULL,'coordinator','verified',NULL,1,1,'2024-02-06 10:00:00.000000',NULL,NULL,'2024-02-04 17:00:00.000000');
INSERT INTO module_completions VALUES(27,10,6,'2024-03-06',NULL,'coordinator','verified',NULL,1,1,'2024-03-08 10:00:00.000000',NULL,NULL,'2024-03-06 17:00:00.000000');
INSERT INTO module_completions VALUES(28,10,7,'2024-04-07',NULL,'coordinator','verified',NULL,1,1,'2024-04-09 10:00:00.000000',NULL,NULL,'2024-04-07 17:00:00.000000');
INSERT INTO module_completions VALUES(29,10,8,'2024-05-09',NULL,'coordinator','verified',NULL,1,1,'2024-05-11 10:00:00.000000',NULL,NULL,'2024-05-09 17:00:00.000000');
INSERT INTO module_completions VALUES(30,10,9,'2024-06-10',NULL,'coordinator','verified',NULL,1,1,'2024-06-12 10:00:00.000000',NULL,NULL,'2024-06-10 17:00:00.000000');
INSERT INTO module_completions VALUES(31,10,10,'2024-07-12',94,'coordinator','verified',NULL,1,1,'2024-07-14 10:00:00.000000',NULL,NULL,'2024-07-12 17:00:00.000000');
INSERT INTO module_completions VALUES(32,10,17,'2025-03-21',NULL,'coordinator','verified',NULL,1,1,'2025-03-23 10:00:00.000000',NULL,NULL,'2025-03-21 17:00:00.000000');
INSERT INTO module_completions VALUES(33,9,1,'2023-12-18',NULL,'coordinator','verified',NULL,1,1,'2023-12-20 10:00:00.000000',NULL,NULL,'2023-12-18 17:00:00.000000');
INSERT INTO module_completions VALUES(34,9,2,'2024-01-19',NULL,'coordinator','verified',NULL,1,1,'2024-01-21 10:00:00.000000',NULL,NULL,'2024-01-19 17:00:00.000000');
INSERT INTO module_completions VALUES(35,9,3,'2024-02-20',NULL,'coordinator','verified',NULL,1,1,'2024-02-22 10:00:00.000000',NULL,NULL,'2024-02-20 17:00:00.000000');
INSERT INTO module_completions VALUES(36,9,4,'2024-03-23',NULL,'coordinator','verified',NULL,1,1,'2024-03-25 10:00:00.000000',NULL,NULL,'2024-03-23 17:00:00.000000');
INSERT INTO module_completions VALUES(37,9,5,'2024-04-24',NULL,'coordinator','verified',NULL,1,1,'2024-04-26 10:00:00.000000',NULL,NULL,'2024-04-24 17:00:00.000000');
INSERT INTO module_completions VALUES(38,9,6,'2024-05-25',NULL,'coordinator','verified',NULL,1,1,'2024-05-27 10:00:00.000000',NULL,NULL,'2024-05-25 17:00:00.000000');
INSERT INTO module_completions VALUES(39,9,7,'2024-06-26',NULL,'coordinator','verified',NULL,1,1,'2024-06-28 10:00:00.000000',NULL,NULL,'2024-06-26 17:00:00.000000');
INSERT INTO module_completions VALUES(40,9,8,'2024-07-28',NULL,'coordinator','verified',NULL,1,1,'2024-07-30 10:00:00.000000',NULL,NULL,'2024-07-28 17:00:00.000000');
INSERT INTO module_completions VALUES(41,9,9,'2024-08-29',NULL,'coordinator','verified',NULL,1,1,'2024-08-31 10:00:00.000000',NULL,NULL,'2024-08-29 17:00:00.000000');
INSERT INTO module_completions VALUES(42,9,10,'2024-09-30',80,'coordinator','verified',NULL,1,1,'2024-10-02 10:00:00.000000',NULL,NULL,'2024-09-30 17:00:00.000000');
INSERT INTO module_completions VALUES(43,9,15,'2025-05-15',NULL,'coordinator','verified',NULL,1,1,'2025-05-17 10:00:00.000000',NULL,NULL,'2025-05-15 17:00:00.000000');
INSERT INTO module_completions VALUES(44,9,16,'2025-07-20',NULL,'coordinator','verified',NULL,1,1,'2025-07-22 10:00:00.000000',NULL,NULL,'2025-07-20 17:00:00.000000');
INSERT INTO module_completions VALUES(45,9,17,'2025-09-23',NULL,'coordinator','verified',NULL,1,1,'2025-09-25 10:00:00.000000',NULL,NULL,'2025-09-23 17:00:00.000000');
INSERT INTO module_completions VALUES(46,9,18,'2025-11-28',NULL,'coordinator','verified',NULL,1,1,'2025-11-30 10:00:00.000000',NULL,NULL,'2025-11-28 17:00:00.000000');
INSERT INTO module_completions VALUES(47,9,19,'2026-02-01',NULL,'coordinator','verified',NULL,1,1,'2026-02-03 10:00:00.000000',NULL,NULL,'2026-02-01 17:00:00.000000');
INSERT INTO module_completions VALUES(48,9,20,'2026-04-08',NULL,'coordinator','verified',NULL,1,1,'2026-04-10 10:00:00.000000',NULL,NULL,'2026-04-08 17:00:00.000000');
INSERT INTO module_completions VALUES(49,9,21,'2026-06-12',NULL,'coordinator','verified',NULL,1,1,'2026-06-14 10:00:00.000000',NULL,NULL,'2026-06-12 17:00:00.000000');
INSERT INTO module_completions VALUES(50,9,22,'2026-08-17',NULL,'coordinator','verified',NULL,1,1,'2026-08-19 10:00:00.000000',NULL,NULL,'2026-08-17 17:00:00.000000');
INSERT INTO module_completions VALUES(51,8,1,'2024-02-06',NULL,'coordinator','verified',NULL,1,1,'2024-02-08 10:00:00.000000',NULL,NULL,'2024-02-06 17:00:00.000000');
INSERT INTO module_completions VALUES(52,8,2,'2024-03-09',NULL,'coordinator','verified',NULL,1,1,'2024-03-11 10:00:00.000000',NULL,NULL,'2024-03-09 17:00:00.000000');
INSERT INTO module_completions VALUES(53,8,3,'2024-04-10',NULL,'coordinator','verified',NULL,1,1,'2024-04-12 10:00:00.000000',NULL,NULL,'2024-04-10 17:00:00.000000');
INSERT INTO module_completions VALUES(54,8,4,'2024-05-12',NULL,'coordinator','verified',NULL,1,1,'2024-05-14 10:00:00.000000',NULL,NULL,'2024-05-12 17:00:00.000000');
INSERT INTO module_completions VALUES(55,8,5,'2024-06-13',NULL,'coordinator','verified',NULL,1,1,'2024-06-15 10:00:00.000000',NULL,NULL,'2024-06-13 17:00:00.000000');
INSERT INTO module_completions VALUES(56,8,6,'2024-07-14',NULL,'coordinator','verified',NULL,1,1,'2024-07-16 10:00:00.000000',NULL,NULL,'2024-07-14 17:00:00.000000');
INSERT INTO module_completions VALUES(57,8,7,'2024-08-15',NULL,'coordinator','verified',NULL,1,1,'2024-08-17 10:00:00.000000',NULL,NULL,'2024-08-15 17:00:00.000000');
INSERT INTO module_completions VALUES(58,8,8,'2024-09-16',NULL,'coordinator','verified',NULL,1,1,'2024-09-18 10:00:00.000000',NULL,NULL,'2024-09-16 17:00:00.000000');
INSERT INTO module_completions VALUES(59,8,9,'2024-10-18',NULL,'coordinator','verified',NULL,1,1,'2024-10-20 10:00:00.000000',NULL,NULL,'2024-10-18 17:00:00.000000');
INSERT INTO module_completions VALUES(60,8,10,'2024-11-19',91,'coordinator','verified',NULL,1,1,'2024-11-21 10:00:00.000000',NULL,NULL,'2024-11-19 17:00:00.000000');
INSERT INTO module_completions VALUES(61,8,15,'2025-07-27',NULL,'coordinator','verified',NULL,1,1,'2025-07-29 10:00:00.000000',NULL,NULL,'2025-07-27 17:00:00.000000');
INSERT INTO module_completions VALUES(62,8,17,'2025-11-22',NULL,'coordinator','verified',NULL,1,1,'2025-11-24 10:00:00.000000',NULL,NULL,'2025-11-22 17:00:00.000000');
INSERT INTO module_completions VALUES(63,8,19,'2026-03-20',NULL,'coordinator','verified',NULL,1,1,'2026-03-22 10:00:00.000000',NULL,NULL,'2026-03-20 17:00:00.000000');
INSERT INTO module_completions VALUES(64,8,21,'2026-07-16',NULL,'coordinator','verified',NULL,1,1,'2026-07-18 10:00:00.000000',NULL,NULL,'2026-07-16 17:00:00.000000');
INSERT INTO module_completions VALUES(65,8,16,'2026-11-23',NULL,'self_reported','pending',NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 17:00:00.000000');
INSERT INTO module_completions VALUES(66,11,1,'2024-11-06',NULL,'coordinator','verified',NULL,1,1,'2024-11-08 10:00:00.000000',NULL,NULL,'2024-11-06 17:00:00.000000');
INSERT INTO module_completions VALUES(67,11,2,'2024-12-08',NULL,'coordinator','verified',NULL,1,1,'2024-12-10 10:00:00.000000',NULL,NULL,'2024-12-08 17:00:00.000000');
INSERT INTO module_completions VALUES(68,11,3,'2025-01-09',NULL,'coordinator','verified',NULL,1,1,'2025-01-11 10:00:00.000000',NULL,NULL,'2025-01-09 17:00:00.000000');
INSERT INTO module_completions VALUES(69,11,4,'2025-02-10',NULL,'coordinator','verified',NULL,1,1,'2025-02-12 10:00:00.000000',NULL,NULL,'2025-02-10 17:00:00.000000');
INSERT INTO module_completions VALUES(70,11,5,'2025-03-14',NULL,'coordinator','verified',NULL,1,1,'2025-03-16 10:00:00.000000',NULL,NULL,'2025-03-14 17:00:00.000000');
INSERT INTO module_completions VALUES(71,11,6,'2025-04-14',NULL,'coordinator','verified',NULL,1,1,'2025-04-16 10:00:00.000000',NULL,NULL,'2025-04-14 17:00:00.000000');
INSERT INTO module_completions VALUES(72,11,7,'2025-05-16',NULL,'coordinator','verified',NULL,1,1,'2025-05-18 10:00:00.000000',NULL,NULL,'2025-05-16 17:00:00.000000');
INSERT INTO module_completions VALUES(73,11,8,'2025-06-17',NULL,'coordinator','verified',NULL,1,1,'2025-06-19 10:00:00.000000',NULL,NULL,'2025-06-17 17:00:00.000000');
INSERT INTO module_completions VALUES(74,11,9,'2025-07-19',NULL,'coordinator','verified',NULL,1,1,'2025-07-21 10:00:00.000000',NULL,NULL,'2025-07-19 17:00:00.000000');
INSERT INTO module_completions VALUES(75,11,10,'2025-08-20',78,'coordinator','verified',NULL,1,1,'2025-08-22 10:00:00.000000',NULL,NULL,'2025-08-20 17:00:00.000000');
INSERT INTO module_completions VALUES(76,13,11,'2025-05-24',NULL,'coordinator','verified',NULL,1,1,'2025-05-26 10:00:00.000000',NULL,NULL,'2025-05-24 17:00:00.000000');
INSERT INTO module_completions VALUES(77,13,12,'2025-07-11',NULL,'coordinator','verified',NULL,1,1,'2025-07-13 10:00:00.000000',NULL,NULL,'2025-07-11 17:00:00.000000');
INSERT INTO module_completions VALUES(78,13,13,'2025-08-28',NULL,'coordinator','verified',NULL,1,1,'2025-08-30 10:00:00.000000',NULL,NULL,'2025-08-28 17:00:00.000000');
INSERT INTO module_completions VALUES(79,13,14,'2025-10-14',NULL,'coordinator','verified',NULL,1,1,'2025-10-16 10:00:00.000000',NULL,NULL,'2025-10-14 17:00:00.000000');
INSERT INTO module_completions VALUES(80,13,4,'2025-12-01',NULL,'coordinator','verified',NULL,1,1,'2025-12-03 10:00:00.000000',NULL,NULL,'2025-12-01 17:00:00.000000');
INSERT INTO module_completions VALUES(81,7,1,'2025-08-06',NULL,'coordinator','verified',NULL,1,1,'2025-08-08 10:00:00.000000',NULL,NULL,'2025-08-06 17:00:00.000000');
INSERT INTO module_completions VALUES(82,7,2,'2025-09-07',NULL,'coordinator','verified',NULL,1,1,'2025-09-09 10:00:00.000000',NULL,NULL,'2025-09-07 17:00:00.000000');
INSERT INTO module_completions VALUES(83,7,3,'2025-10-09',NULL,'coordinator','verified',NULL,1,1,'2025-10-11 10:00:00.000000',NULL,NULL,'2025-10-09 17:00:00.000000');
INSERT INTO module_completions VALUES(84,7,4,'2025-11-10',NULL,'coordinator','verified',NULL,1,1,'2025-11-12 10:00:00.000000',NULL,NULL,'2025-11-10 17:00:00.000000');
INSERT INTO module_completions VALUES(85,7,5,'2025-12-12',NULL,'coordinator','verified',NULL,1,1,'2025-12-14 10:00:00.000000',NULL,NULL,'2025-12-12 17:00:00.000000');
INSERT INTO module_completions VALUES(86,7,6,'2026-01-12',NULL,'coordinator','verified',NULL,1,1,'2026-01-14 10:00:00.000000',NULL,NULL,'2026-01-12 17:00:00.000000');
INSERT INTO module_completions VALUES(87,7,7,'2026-02-13',NULL,'coordinator','verified',NULL,1,1,'2026-02-15 10:00:00.000000',NULL,NULL,'2026-02-13 17:00:00.000000');
INSERT INTO module_completions VALUES(88,7,8,'2026-03-17',NULL,'coordinator','verified',NULL,1,1,'2026-03-19 10:00:00.000000',NULL,NULL,'2026-03-17 17:00:00.000000');
INSERT INTO module_completions VALUES(89,7,9,'2026-04-18',NULL,'coordinator','verified',NULL,1,1,'2026-04-20 10:00:00.000000',NULL,NULL,'2026-04-18 17:00:00.000000');
INSERT INTO module_completions VALUES(90,7,10,'2026-05-20',77,'coordinator','verified',NULL,1,1,'2026-05-22 10:00:00.000000',NULL,NULL,'2026-05-20 17:00:00.000000');
INSERT INTO module_completions VALUES(91,7,15,'2026-09-30',NULL,'coordinator','verified',NULL,1,1,'2026-10-02 10:00:00.000000',NULL,NULL,'2026-09-30 17:00:00.000000');
INSERT INTO module_completions VALUES(92,15,11,'2026-07-16',NULL,'coordinator','verified',NULL,1,1,'2026-07-18 10:00:00.000000',NULL,NULL,'2026-07-16 17:00:00.000000');
INSERT INTO module_completions VALUES(93,15,12,'2026-07-24',NULL,'coordinator','verified',NULL,1,1,'2026-07-26 10:00:00.000000',NULL,NULL,'2026-07-24 17:00:00.000000');
INSERT INTO module_completions VALUES(94,15,13,'2026-08-02',NULL,'coordinator','verified',NULL,1,1,'2026-08-04 10:00:00.000000',NULL,NULL,'2026-08-02 17:00:00.000000');
INSERT INTO module_completions VALUES(95,15,14,'2026-08-10',NULL,'coordinator','verified',NULL,1,1,'2026-08-12 10:00:00.000000',NULL,NULL,'2026-08-10 17:00:00.000000');
INSERT INTO module_completions VALUES(96,15,4,'2026-08-18',NULL,'coordinator','verified',NULL,1,1,'2026-08-20 10:00:00.000000',NULL,NULL,'2026-08-18 17:00:00.000000');
INSERT INTO module_completions VALUES(97,6,1,'2026-01-05',NULL,'coordinator','verified',NULL,1,1,'2026-01-07 10:00:00.000000',NULL,NULL,'2026-01-05 17:00:00.000000');
INSERT INTO module_completions VALUES(98,6,2,'2026-02-05',NULL,'coordinator','verified',NULL,1,1,'2026-02-07 10:00:00.000000',NULL,NULL,'2026-02-05 17:00:00.000000');
INSERT INTO module_completions VALUES(99,6,3,'2026-03-08',NULL,'coordinator','verified',NULL,1,1,'2026-03-10 10:00:00.000000',NULL,NULL,'2026-03-08 17:00:00.000000');
INSERT INTO module_completions VALUES(100,6,4,'2026-04-08',NULL,'coordinator','verified',NULL,1,1,'2026-04-10 10:00:00.000000',NULL,NULL,'2026-04-08 17:00:00.000000');
INSERT INTO module_completions VALUES(101,6,5,'2026-05-09',NULL,'coordinator','verified',NULL,1,1,'2026-05-11 10:00:00.000000',NULL,NULL,'2026-05-09 17:00:00.000000');
INSERT INTO module_completions VALUES(102,6,6,'2026-06-09',NULL,'coordinator','verified',NULL,1,1,'2026-06-11 10:00:00.000000',NULL,NULL,'2026-06-09 17:00:00.000000');
INSERT INTO module_completions VALUES(103,6,7,'2026-07-10',NULL,'coordinator','verified',NULL,1,1,'2026-07-12 10:00:00.000000',NULL,NULL,'2026-07-10 17:00:00.000000');
INSERT INTO module_completions VALUES(104,6,8,'2026-08-10',NULL,'coordinator','verified',NULL,1,1,'2026-08-12 10:00:00.000000',NULL,NULL,'2026-08-10 17:00:00.000000');
INSERT INTO module_completions VALUES(105,6,9,'2026-09-10',NULL,'coordinator','verified',NULL,1,1,'2026-09-12 10:00:00.000000',NULL,NULL,'2026-09-10 17:00:00.000000');
INSERT INTO module_completions VALUES(106,6,10,'2026-10-11',93,'coordinator','verified',NULL,1,1,'2026-10-13 10:00:00.000000',NULL,NULL,'2026-10-11 17:00:00.000000');
INSERT INTO module_completions VALUES(107,3,1,'2026-02-05',NULL,'coordinator','verified',NULL,1,1,'2026-02-07 10:00:00.000000',NULL,NULL,'2026-02-05 17:00:00.000000');
INSERT INTO module_completions VALUES(108,3,2,'2026-03-12',NULL,'coordinator','verified',NULL,1,1,'2026-03-14 10:00:00.000000',NULL,NULL,'2026-03-12 17:00:00.000000');
INSERT INTO module_completions VALUES(109,3,3,'2026-04-17',NULL,'coordinator','verified',NULL,1,1,'2026-04-19 10:00:00.000000',NULL,NULL,'2026-04-17 17:00:00.000000');
INSERT INTO module_completions VALUES(110,3,4,'2026-05-22',NULL,'coordinator','verified',NULL,1,1,'2026-05-24 10:00:00.000000',NULL,NULL,'2026-05-22 17:00:00.000000');
INSERT INTO module_completions VALUES(111,3,5,'2026-06-26',NULL,'coordinator','verified',NULL,1,1,'2026-06-28 10:00:00.000000',NULL,NULL,'2026-06-26 17:00:00.000000');
INSERT INTO module_completions VALUES(112,3,7,'2026-11-23',NULL,'self_reported','pending',NULL,NULL,NULL,NULL,NULL,NULL,'2026-11-23 17:00:00.000000');
INSERT INTO module_completions VALUES(113,3,10,'2026-10-27',62,'coordinator','verified',NULL,1,1,'2026-10-29 10:00:00.000000',NULL,NULL,'2026-10-27 17:00:00.000000');
INSERT INTO module_completions VALUES(114,5,1,'2026-11-01',NULL,'coordinator','verified',NULL,1,1,'2026-11-03 10:00:00.000000',NULL,NULL,'2026-11-01 17:00:00.000000');
INSERT INTO module_completions VALUES(115,5,2,'2026-11-11',NULL,'coordinator','verified',NULL,1,1,'2026-11-13 10:00:00.000000',NULL,NULL,'2026-11-11 17:00:00.000000');
INSERT INTO module_completions VALUES(116,14,11,'2026-07-31',NULL,'coordinator','verified',NULL,1,1,'2026-08-02 10:00:00.000000',NULL,NULL,'2026-07-31 17:00:00.000000');
INSERT INTO module_completions VALUES(117,14,12,'2026-08-31',NULL,'coordinator','verified',NULL,1,1,'2026-09-02 10:00:00.000000',NULL,NULL,'2026-08-31 17:00:00.000000');
INSERT INTO module_completions VALUES(118,13,1,'2026-07-01',NULL,'coordinator','verified',NULL,1,1,'2026-07-03 10:00:00.000000',NULL,NULL,'2026-07-01 17:00:00.000000');
INSERT INTO module_completions VALUES(119,13,2,'2026-08-01',NULL,'coordinator','verified',NULL,1,1,'2026-08-03 10:00:00.000000',NULL,NULL,'2026-08-01 17:00:00.000000');
INSERT INTO module_completions VALUES(120,13,3,'2026-08-31',NULL,'coordinator','verified',NULL,1,1,'2026-09-02 10:00:00.000000',NULL,NULL,'2026-08-31 17:00:00.000000');
INSERT INTO module_completions VALUES(121,13,5,'2026-10-01',NULL,'coordinator','verified',NULL,1,1,'2026-10-03 10:00:00.000000',NULL,NULL,'2026-10-01 17:00:00.000000');
INSERT INTO module_completions VALUES(122,16,1,'2026-03-24',NULL,'coordinator','verified',NULL,1,1,'2026-03-26 10:00:00.000000',NULL,NULL,'2026-03-24 17:00:00.000000');
INSERT INTO module_completions VALUES(123,16,2,'2026-04-16',NULL,'coordinator','verified',NULL,1,1,'2026-04-18 10:00:00.000000',NULL,NULL,'2026-04-16 17:00:00.000000');
INSERT INTO module_completions VALUES(124,16,3,'2026-05-09',NULL,'coordinator','verified',NULL,1,1,'2026-05-11 10:00:00.000000',NULL,NULL,'2026-05-09 17:00:00.000000');
INSERT INTO module_completions VALUES(125,3,6,'2026-10-01',NULL,'attendance','verified',1,1,1,'2026-10-01 17:00:00.000000',NULL,NULL,'2026-10-01 17:00:00.000000');
INSERT INTO module_completions VALUES(126,14,6,'2026-10-01',NULL,'attendance','verified',1,1,1,'2026-10-01 17:00:00.000000',NULL,NULL,'2026-10-01 17:00:00.000000');
CREATE TABLE session_attendance (
	id INTEGER NOT NULL, 
	session_id INTEGER NOT NULL, 
	trainee_id INTEGER NOT NULL, 
	attended BOOLEAN NOT NULL, 
	recorded_by_id INTEGER, 
	recorded_at DATETIME NOT NULL, 
	CONSTRAINT pk_session_attendance PRIMARY KEY (id), 
	CONSTRAINT fk_session_attendance_recorded_by_id_users FOREIGN KEY(recorded_by_id) REFERENCES users (id) ON DELETE SET NULL, 
	CONSTRAINT fk_session_attendance_session_id_training_sessions FOREIGN KEY(session_id) REFERENCES training_sessions (id) ON DELETE CASCADE, 
	CONSTRAINT fk_session_attendance_trainee_id_users FOREIGN KEY(trainee_id) REFERENCES users (id) ON DELETE RESTRICT, 
	CONSTRAINT uq_session_attendance_session_id_trainee_id UNIQUE (session_id, trainee_id)
);
INSERT INTO session_attendance VALUES(1,1,3,1,1,'2026-10-01 17:00:00.000000');
INSERT INTO session_attendance VALUES(2,1,14,1,1,'2026-10-01 17:00:00.000000');
CREATE INDEX ix_modules_category ON modules (category);
CREATE INDEX ix_users_role ON users (role);
CREATE INDEX ix_account_tokens_user_id ON account_tokens (user_id);
CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX ix_audit_events_action ON audit_events (action);
CREATE INDEX ix_audit_events_actor_id ON audit_events (actor_id);
CREATE INDEX ix_audit_events_entity ON audit_events (entity_type, entity_id);
CREATE INDEX ix_audit_events_occurred_at ON audit_events (occurred_at);
CREATE INDEX ix_certifications_program_id ON certifications (program_id);
CREATE INDEX ix_certifications_state_expires ON certifications (state, expires_on);
CREATE INDEX ix_certifications_trainee_id ON certifications (trainee_id);
CREATE INDEX ix_enrolments_program_id ON enrolments (program_id);
CREATE INDEX ix_hour_entries_activity ON hour_entries (activity);
CREATE INDEX ix_hour_entries_status_created ON hour_entries (status, created_at);
CREATE INDEX ix_hour_entries_trainee_worked ON hour_entries (trainee_id, worked_on);
CREATE INDEX ix_hour_entries_worked_on ON hour_entries (worked_on);
CREATE INDEX ix_hour_rules_program_id ON hour_rules (program_id);
CREATE INDEX ix_program_modules_module_id ON program_modules (module_id);
CREATE INDEX ix_training_sessions_held_on ON training_sessions (held_on);
CREATE INDEX ix_training_sessions_module_id ON training_sessions (module_id);
CREATE INDEX ix_certification_renewals_certification_id ON certification_renewals (certification_id);
CREATE INDEX ix_ethics_acknowledgements_ethics_version_id ON ethics_acknowledgements (ethics_version_id);
CREATE INDEX ix_ethics_acknowledgements_user_id ON ethics_acknowledgements (user_id);
CREATE INDEX ix_module_completions_module_id ON module_completions (module_id);
CREATE INDEX ix_module_completions_session_id ON module_completions (session_id);
CREATE INDEX ix_module_completions_status_created ON module_completions (status, created_at);
CREATE INDEX ix_module_completions_trainee_module ON module_completions (trainee_id, module_id);
CREATE INDEX ix_session_attendance_session_id ON session_attendance (session_id);
CREATE INDEX ix_session_attendance_trainee_id ON session_attendance (trainee_id);
COMMIT;
