CREATE TABLE `login_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`recipient` text NOT NULL,
	`subject` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `clinic_invites` ADD `approved_at` integer;
--> statement-breakpoint
ALTER TABLE `clinic_invites` ADD `approved_by` text;--> statement-breakpoint
ALTER TABLE `clinic_invites` ADD `sent_at` integer;
--> statement-breakpoint
-- Invites made before approvals existed already had their link handed out: they count as approved.
UPDATE `clinic_invites` SET `approved_at` = `created_at`, `sent_at` = `created_at`;
