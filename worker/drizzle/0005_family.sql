CREATE TABLE `family_links` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`follower_id` text,
	`invite_code` text NOT NULL,
	`invite_expires_at` integer NOT NULL,
	`share_doses` integer NOT NULL,
	`share_bp` integer NOT NULL,
	`share_glucose` integer NOT NULL,
	`notices` integer NOT NULL,
	`consent_version` text NOT NULL,
	`consented_at` integer NOT NULL,
	`label` text,
	`created_at` integer NOT NULL,
	`accepted_at` integer,
	`revoked_at` integer,
	`revoked_by` text,
	`updated_at` integer NOT NULL,
	`request_json` text NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`follower_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_links_invite_code_unique` ON `family_links` (`invite_code`);--> statement-breakpoint
CREATE INDEX `family_links_patient` ON `family_links` (`patient_id`);--> statement-breakpoint
CREATE INDEX `family_links_follower` ON `family_links` (`follower_id`);--> statement-breakpoint
CREATE TABLE `family_notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`link_id` text NOT NULL,
	`follower_id` text NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`event_key` text NOT NULL,
	`event_at` integer NOT NULL,
	`channel` text NOT NULL,
	`wechat` text NOT NULL,
	`sms` text NOT NULL,
	`status` text NOT NULL,
	`provider_code` text,
	`error` text,
	`claimed_at` integer NOT NULL,
	`sent_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`link_id`) REFERENCES `family_links`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `family_notices_event` ON `family_notices` (`link_id`,`kind`,`event_key`);--> statement-breakpoint
CREATE INDEX `family_notices_follower` ON `family_notices` (`follower_id`,`claimed_at`);--> statement-breakpoint
CREATE TABLE `notice_templates` (
	`purpose` text PRIMARY KEY NOT NULL,
	`template_id` text NOT NULL,
	`long_term` integer DEFAULT false NOT NULL,
	`fields` text NOT NULL,
	`page` text NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminder_channels` (
	`send_id` integer PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`wechat` text NOT NULL,
	`sms` text NOT NULL,
	`provider_code` text,
	`provider_ref` text,
	`at` integer NOT NULL,
	FOREIGN KEY (`send_id`) REFERENCES `reminder_sends`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_channels_patient` ON `reminder_channels` (`patient_id`,`at`);--> statement-breakpoint
CREATE TABLE `reminder_reach` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`reachable` integer NOT NULL,
	`channel` text NOT NULL,
	`wechat` text NOT NULL,
	`sms` text NOT NULL,
	`since` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `sms_contacts` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`phone` text NOT NULL,
	`consent` integer NOT NULL,
	`consent_version` text,
	`consented_at` integer,
	`withdrawn_at` integer,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
