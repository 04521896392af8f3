ALTER TABLE `medication_plans` ADD `supply_on_hand` real;--> statement-breakpoint
ALTER TABLE `medication_plans` ADD `supply_per_dose` real;--> statement-breakpoint
ALTER TABLE `medication_plans` ADD `supply_pack_size` integer;--> statement-breakpoint
ALTER TABLE `medication_plans` ADD `supply_counted_at` integer;--> statement-breakpoint
ALTER TABLE `medication_plans` ADD `run_out_date` text;--> statement-breakpoint
ALTER TABLE `medication_plans` ADD `supply_event_at` integer;--> statement-breakpoint
ALTER TABLE `reminder_settings` ADD `refill_lead_days` integer;--> statement-breakpoint
CREATE TABLE `plan_refills` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`plan_id` text NOT NULL,
	`tablets` real NOT NULL,
	`at` integer NOT NULL,
	`request_json` text NOT NULL,
	`created_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`plan_id`) REFERENCES `medication_plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `plan_refills_plan` ON `plan_refills` (`plan_id`,`at`);--> statement-breakpoint
CREATE INDEX `plan_refills_patient` ON `plan_refills` (`patient_id`);--> statement-breakpoint
CREATE TABLE `revisits` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`date` text NOT NULL,
	`hospital` text,
	`department` text,
	`set_by` text NOT NULL,
	`set_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `medication_plans_run_out` ON `medication_plans` (`patient_id`,`run_out_date`) WHERE "medication_plans"."run_out_date" IS NOT NULL AND "medication_plans"."stopped_at" IS NULL;
