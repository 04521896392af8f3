CREATE TABLE `job_queue` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`queue` text NOT NULL,
	`body` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`visible_at` integer NOT NULL,
	`created_at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `job_queue_visible` ON `job_queue` (`queue`,`visible_at`,`id`);--> statement-breakpoint
CREATE TABLE `reminder_dead_letters` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`message_id` text NOT NULL,
	`job` text NOT NULL,
	`send_ids` text NOT NULL,
	`attempts` integer NOT NULL,
	`errcode` integer,
	`error` text,
	`at` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `reminder_dead_letters_at` ON `reminder_dead_letters` (`at`);