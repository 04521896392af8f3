CREATE TABLE `clinic_agreements` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`signed_on` text NOT NULL,
	`document_ref` text NOT NULL,
	`recorded_by` text NOT NULL,
	`recorded_at` integer NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `clinic_agreements_clinic` ON `clinic_agreements` (`clinic_id`);--> statement-breakpoint
CREATE TABLE `clinic_invites` (
	`id` text PRIMARY KEY NOT NULL,
	`clinic_id` text NOT NULL,
	`email` text NOT NULL,
	`name` text,
	`role` text NOT NULL,
	`token_hash` text NOT NULL,
	`invited_by` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`accepted_at` integer,
	`accepted_user_id` text,
	`revoked_at` integer,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`invited_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `clinic_invites_token_hash_unique` ON `clinic_invites` (`token_hash`);--> statement-breakpoint
CREATE INDEX `clinic_invites_clinic` ON `clinic_invites` (`clinic_id`);--> statement-breakpoint
CREATE TABLE `clinic_profiles` (
	`clinic_id` text PRIMARY KEY NOT NULL,
	`hospital` text,
	`department` text,
	`region` text NOT NULL,
	FOREIGN KEY (`clinic_id`) REFERENCES `clinics`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `code_changes` (
	`code` text PRIMARY KEY NOT NULL,
	`reason` text NOT NULL,
	`changed_by` text NOT NULL,
	`changed_at` integer NOT NULL,
	`replaced_by` text
);
--> statement-breakpoint
CREATE TABLE `programme_bits` (
	`j` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `programme_counts` (
	`programme_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`enrol_month` integer NOT NULL,
	`measure` text NOT NULL,
	`month` integer NOT NULL,
	`n` integer NOT NULL,
	PRIMARY KEY(`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`)
);
--> statement-breakpoint
CREATE TABLE `programme_patient_stats` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`programme_id` text NOT NULL,
	`clinic_id` text NOT NULL,
	`enrol_month` integer NOT NULL,
	`enrol_day` text,
	`through` text,
	`computed_at` integer,
	`refresh_after` integer DEFAULT 0 NOT NULL,
	`first90_done` integer DEFAULT 0 NOT NULL,
	`first90_with_due` integer DEFAULT 0 NOT NULL,
	`first90_covered` integer DEFAULT 0 NOT NULL,
	`first90_adherent` integer DEFAULT 0 NOT NULL,
	`active7` integer DEFAULT 0 NOT NULL,
	`bp_assessed` integer DEFAULT 0 NOT NULL,
	`bp_controlled` integer DEFAULT 0 NOT NULL,
	`due_mask` integer DEFAULT 0 NOT NULL,
	`adh_mask` integer DEFAULT 0 NOT NULL,
	`act_mask` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `programme_patient_stats_refresh` ON `programme_patient_stats` (`refresh_after`);--> statement-breakpoint
CREATE TABLE `programme_settings` (
	`programme_id` text PRIMARY KEY NOT NULL,
	`education` text NOT NULL,
	`consent_text` text,
	`updated_by` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`programme_id`) REFERENCES `programmes`(`id`) ON UPDATE no action ON DELETE no action
);
