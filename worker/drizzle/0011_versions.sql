ALTER TABLE `medication_plans` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `bp_target_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `patients` ADD `condition_version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `programmes` ADD `version` integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE `reminder_settings` ADD `version` integer DEFAULT 1 NOT NULL;