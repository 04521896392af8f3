CREATE TABLE `safety_case_audit` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`at` integer NOT NULL,
	`actor_id` text NOT NULL,
	`actor_role` text NOT NULL,
	`action` text NOT NULL,
	`field` text,
	`old_value` text,
	`new_value` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `safety_case_audit_case` ON `safety_case_audit` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `safety_cases` (
	`id` text PRIMARY KEY NOT NULL,
	`seq` integer NOT NULL,
	`case_number` text NOT NULL,
	`programme_id` text,
	`source` text NOT NULL,
	`source_ref` text,
	`created_by` text NOT NULL,
	`created_by_role` text NOT NULL,
	`reporter_qualification` integer,
	`reporter_name` text,
	`reporter_contact` text,
	`aware_at` integer NOT NULL,
	`day0` integer,
	`received_at` integer NOT NULL,
	`forward_due_at` integer NOT NULL,
	`regulatory_due_at` integer,
	`latest_info_at` integer,
	`forwarded_at` integer,
	`acknowledged_at` integer,
	`seriousness_reported` text NOT NULL,
	`seriousness` text NOT NULL,
	`special_situations` text NOT NULL,
	`patient_id` text,
	`patient_name` text,
	`patient_phone` text,
	`patient_initials` text,
	`patient_sex` text,
	`patient_age_years` integer,
	`patient_age_group` text,
	`suspect_drugs` text NOT NULL,
	`concomitant_drugs` text NOT NULL,
	`events` text NOT NULL,
	`description` text,
	`details` text,
	`causality_reported` text,
	`causality_assessed` text,
	`outcome` text,
	`narrative` text,
	`status` text NOT NULL,
	`not_forwarded_reason` text,
	`version` integer DEFAULT 1 NOT NULL,
	`mah_case_id` text,
	`contact_consent` integer DEFAULT false NOT NULL,
	`restricted` integer DEFAULT false NOT NULL,
	`possible_duplicate_of` text,
	`request_json` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `safety_cases_seq` ON `safety_cases` (`seq`);--> statement-breakpoint
CREATE INDEX `safety_cases_due` ON `safety_cases` (`status`,`forward_due_at`,`seq`);--> statement-breakpoint
CREATE INDEX `safety_cases_forward_due` ON `safety_cases` (`forward_due_at`,`seq`);--> statement-breakpoint
CREATE INDEX `safety_cases_patient` ON `safety_cases` (`patient_id`,`aware_at`);--> statement-breakpoint
CREATE INDEX `safety_cases_aware` ON `safety_cases` (`aware_at`);--> statement-breakpoint
CREATE INDEX `safety_cases_creator` ON `safety_cases` (`created_by`,`source`);--> statement-breakpoint
CREATE TABLE `safety_forwards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`case_id` text NOT NULL,
	`at` integer NOT NULL,
	`by` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`payload_sha256` text NOT NULL,
	`note` text
);
--> statement-breakpoint
CREATE INDEX `safety_forwards_case` ON `safety_forwards` (`case_id`,`at`);--> statement-breakpoint
CREATE TABLE `safety_questions` (
	`id` text PRIMARY KEY NOT NULL,
	`case_id` text NOT NULL,
	`to_whom` text NOT NULL,
	`question` text NOT NULL,
	`asked_by` text NOT NULL,
	`asked_at` integer NOT NULL,
	`answer` text,
	`answered_by` text,
	`answered_at` integer,
	`request_json` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `safety_questions_case` ON `safety_questions` (`case_id`);--> statement-breakpoint
CREATE TABLE `safety_settings` (
	`programme_id` text PRIMARY KEY NOT NULL,
	`forward_rule` text,
	`calendar` text,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Cases and their audit trail are never deleted (GVP 2021 art. 113 retention; ADR 0010).
CREATE TRIGGER `safety_cases_never_deleted` BEFORE DELETE ON `safety_cases`
BEGIN SELECT RAISE(ABORT, 'safety cases are never deleted'); END;
--> statement-breakpoint
CREATE TRIGGER `safety_case_audit_append_only` BEFORE DELETE ON `safety_case_audit`
BEGIN SELECT RAISE(ABORT, 'the safety audit trail is append-only'); END;
