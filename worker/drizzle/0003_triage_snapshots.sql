CREATE TABLE `triage_snapshots` (
	`patient_id` text PRIMARY KEY NOT NULL,
	`gen` integer DEFAULT 1 NOT NULL,
	`computed_gen` integer DEFAULT 0 NOT NULL,
	`window_days` integer,
	`computed_at` integer,
	`valid_from` integer,
	`switch_at` integer,
	`valid_until` integer,
	`row_today` text,
	`row_tomorrow` text,
	`refresh_after` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`patient_id`) REFERENCES `patients`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `triage_snapshots_refresh` ON `triage_snapshots` (`refresh_after`);