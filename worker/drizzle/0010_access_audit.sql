ALTER TABLE `audit_events` ADD `patient_ids` text;--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_events` (`at`);