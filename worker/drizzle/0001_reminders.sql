CREATE TABLE `reminder_sends` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`slot_key` text NOT NULL,
	`plan_id` text,
	`scheduled_at` integer NOT NULL,
	`due_at` integer NOT NULL,
	`channel` text NOT NULL,
	`template_id` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 1 NOT NULL,
	`next_attempt_at` integer,
	`errcode` integer,
	`error` text,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_sends_slot` ON `reminder_sends` (`patient_id`,`kind`,`slot_key`);--> statement-breakpoint
CREATE INDEX `reminder_sends_patient_time` ON `reminder_sends` (`patient_id`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminder_sends_due` ON `reminder_sends` (`kind`,`due_at`);--> statement-breakpoint
CREATE INDEX `reminder_sends_retry` ON `reminder_sends` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE TABLE `reminder_settings` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`enabled` integer DEFAULT true NOT NULL,
	`follow_ups` integer DEFAULT true NOT NULL,
	`weekly_tips` integer DEFAULT true NOT NULL,
	`follow_up_delay_min` integer,
	`locale` text,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `reminder_templates` (
	`purpose` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`long_term` integer DEFAULT false NOT NULL,
	`fields` text NOT NULL,
	`page` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `scheduler_state` (
	`key` text PRIMARY KEY NOT NULL,
	`value` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `subscription_grants` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`template_id` text NOT NULL,
	`result` text NOT NULL,
	`accepted` integer NOT NULL,
	`at` integer NOT NULL,
	`request_json` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `subscription_grants_patient` ON `subscription_grants` (`patient_id`,`at`);--> statement-breakpoint
CREATE TABLE `subscription_quota` (
	`patient_id` text NOT NULL,
	`template_id` text NOT NULL,
	`remaining` integer DEFAULT 0 NOT NULL,
	`long_term` integer DEFAULT false NOT NULL,
	`accepted_total` integer DEFAULT 0 NOT NULL,
	`last_accepted_at` integer,
	`refused_at` integer,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`patient_id`, `template_id`),
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
