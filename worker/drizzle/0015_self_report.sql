CREATE TABLE `self_reports` (
	`id` text PRIMARY KEY NOT NULL,
	`patient_id` text NOT NULL,
	`month` text NOT NULL,
	`answers` text NOT NULL,
	`score` real,
	`request_json` text NOT NULL,
	`submitted_at` integer NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `self_reports_patient_month` ON `self_reports` (`patient_id`,`month`);--> statement-breakpoint
CREATE INDEX `self_reports_patient` ON `self_reports` (`patient_id`);
