CREATE TABLE `alerts` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`reading_id` text NOT NULL,
	`raised_at` integer NOT NULL,
	`acknowledged_by` text,
	`acknowledged_at` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `alerts_reading_id_unique` ON `alerts` (`reading_id`);--> statement-breakpoint
CREATE INDEX `alerts_patient_open` ON `alerts` (`patient_id`,`acknowledged_at`);--> statement-breakpoint
CREATE TABLE `audit_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`actor_id` text NOT NULL,
	`role` text NOT NULL,
	`action` text NOT NULL,
	`patient_id` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_patient` ON `audit_events` (`patient_id`,`at`);--> statement-breakpoint
CREATE TABLE `bp_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`systolic` integer NOT NULL,
	`diastolic` integer NOT NULL,
	`pulse` integer,
	`measured_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`category` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`request_json` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `bp_readings_patient_time` ON `bp_readings` (`patient_id`,`measured_at`);--> statement-breakpoint
CREATE TABLE `clinic_members` (
	`clinic_id` text NOT NULL,
	`user_id` text NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`clinic_id`, `user_id`),
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clinic_members_user` ON `clinic_members` (`user_id`);--> statement-breakpoint
CREATE TABLE `clinics` (
	`id` text PRIMARY KEY NOT NULL,
	`programme_id` text NOT NULL,
	`name` text NOT NULL,
	`city` text NOT NULL,
	`level` text NOT NULL,
	`onboarded_by` text,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`onboarded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `dose_events` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`scheduled_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	`recorded_at` integer NOT NULL,
	`request_json` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `dose_events_slot` ON `dose_events` (`plan_id`,`scheduled_at`);--> statement-breakpoint
CREATE INDEX `dose_events_patient_day` ON `dose_events` (`patient_id`,`local_date`);--> statement-breakpoint
CREATE TABLE `enrolment_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`doctor_id` text NOT NULL,
	`created_at` integer NOT NULL,
	`revoked_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`doctor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `enrolment_codes_doctor` ON `enrolment_codes` (`doctor_id`);--> statement-breakpoint
CREATE TABLE `enrolments` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`programme_id` text NOT NULL,
	`doctor_id` text NOT NULL,
	`code` text NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer NOT NULL,
	`enrolled_at` integer NOT NULL,
	`status` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`doctor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `enrolments_patient_programme` ON `enrolments` (`patient_id`,`programme_id`);--> statement-breakpoint
CREATE INDEX `enrolments_clinic` ON `enrolments` (`clinic_id`,`status`);--> statement-breakpoint
CREATE TABLE `follow_ups` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`due_date` text NOT NULL,
	`done_at` integer,
	`done_by` text,
	`outcome` text,
	`note` text,
	`escalation_resolved_at` integer,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `follow_ups_patient` ON `follow_ups` (`patient_id`,`due_date`);--> statement-breakpoint
CREATE TABLE `glucose_readings` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`mmol` real NOT NULL,
	`context` text NOT NULL,
	`measured_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`category` text NOT NULL,
	`recorded_at` integer NOT NULL,
	`request_json` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `glucose_readings_patient_time` ON `glucose_readings` (`patient_id`,`measured_at`);--> statement-breakpoint
CREATE TABLE `medication_plans` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`drug` text NOT NULL,
	`dose` text NOT NULL,
	`times` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`stopped_at` integer,
	`prescribed_by` text,
	`request_json` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `medication_plans_patient` ON `medication_plans` (`patient_id`);--> statement-breakpoint
CREATE TABLE `notes` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`author_id` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `notes_patient` ON `notes` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patient_days` (
	`patient_id` text NOT NULL,
	`local_date` text NOT NULL,
	`taken` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`bp_n` integer DEFAULT 0 NOT NULL,
	`bp_sys_sum` integer DEFAULT 0 NOT NULL,
	`bp_dia_sum` integer DEFAULT 0 NOT NULL,
	`glu_n` integer DEFAULT 0 NOT NULL,
	`glu_hypo` integer DEFAULT 0 NOT NULL,
	`glu_hyper` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`patient_id`, `local_date`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `patient_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `patient_sessions_patient` ON `patient_sessions` (`patient_id`);--> statement-breakpoint
CREATE TABLE `patients` (
	`id` text PRIMARY KEY NOT NULL,
	`openid` text,
	`name` text,
	`birth_year` integer,
	`sex` text,
	`phone` text,
	`timezone` text NOT NULL,
	`bp_target_systolic` integer,
	`bp_target_diastolic` integer,
	`last_activity_at` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `patients_openid_unique` ON `patients` (`openid`);--> statement-breakpoint
CREATE TABLE `plan_revisions` (
	`plan_id` text NOT NULL,
	`valid_from` integer NOT NULL,
	`drug` text NOT NULL,
	`dose` text NOT NULL,
	`times` text NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	`changed_by` text NOT NULL,
	PRIMARY KEY(`plan_id`, `valid_from`),
	FOREIGN KEY (`plan_id`) REFERENCES `medication_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `portal_sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `programmes` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`condition` text NOT NULL,
	`consent_version` text NOT NULL,
	`thresholds` text NOT NULL,
	`targets` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`password_hash` text NOT NULL,
	`failed_logins` integer DEFAULT 0 NOT NULL,
	`locked_until` integer,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);