-- Triage snapshots (ADR 0006) go stale whenever one of their inputs changes, whoever writes it:
-- the triggers bump `gen` (the stored snapshot no longer matches) and set `refresh_after = 0`
-- (the background refresher takes it first). Inputs: rollups, plan revisions and plans, alerts,
-- follow-ups, the patient's time zone, their enrolment and its programme's thresholds. (Name, BP
-- target and last activity are read live from `patients`: last activity changes with every write,
-- and a second bump per write would cost more than the join.) An input added to the snapshot
-- needs its trigger here.
CREATE TRIGGER `triage_stale_day_insert` AFTER INSERT ON `patient_days` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`patient_id`;
END;
--> statement-breakpoint
-- A replayed write recomputes the same rollup: only a real change invalidates.
CREATE TRIGGER `triage_stale_day_update` AFTER UPDATE ON `patient_days`
WHEN OLD.`taken` IS NOT NEW.`taken` OR OLD.`bp_n` IS NOT NEW.`bp_n` OR OLD.`bp_sys_sum` IS NOT NEW.`bp_sys_sum`
  OR OLD.`bp_dia_sum` IS NOT NEW.`bp_dia_sum` OR OLD.`glu_n` IS NOT NEW.`glu_n` OR OLD.`glu_hypo` IS NOT NEW.`glu_hypo`
  OR OLD.`glu_hyper` IS NOT NEW.`glu_hyper` OR OLD.`local_date` IS NOT NEW.`local_date` OR OLD.`patient_id` IS NOT NEW.`patient_id`
BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` IN (OLD.`patient_id`, NEW.`patient_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_day_delete` AFTER DELETE ON `patient_days` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = OLD.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_revision_insert` AFTER INSERT ON `plan_revisions` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0
  WHERE `patient_id` IN (SELECT `patient_id` FROM `medication_plans` WHERE `id` = NEW.`plan_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_revision_update` AFTER UPDATE ON `plan_revisions` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0
  WHERE `patient_id` IN (SELECT `patient_id` FROM `medication_plans` WHERE `id` IN (OLD.`plan_id`, NEW.`plan_id`));
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_revision_delete` AFTER DELETE ON `plan_revisions` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0
  WHERE `patient_id` IN (SELECT `patient_id` FROM `medication_plans` WHERE `id` = OLD.`plan_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_plan_insert` AFTER INSERT ON `medication_plans` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_plan_update` AFTER UPDATE ON `medication_plans` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` IN (OLD.`patient_id`, NEW.`patient_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_plan_delete` AFTER DELETE ON `medication_plans` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = OLD.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_timezone` AFTER UPDATE OF `timezone` ON `patients` WHEN OLD.`timezone` IS NOT NEW.`timezone`
BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_alert_insert` AFTER INSERT ON `alerts` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_alert_update` AFTER UPDATE ON `alerts`
WHEN OLD.`acknowledged_at` IS NOT NEW.`acknowledged_at` OR OLD.`patient_id` IS NOT NEW.`patient_id`
BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` IN (OLD.`patient_id`, NEW.`patient_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_alert_delete` AFTER DELETE ON `alerts` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = OLD.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_follow_up_insert` AFTER INSERT ON `follow_ups` WHEN NEW.`outcome` = 'escalated' BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_follow_up_update` AFTER UPDATE ON `follow_ups`
WHEN OLD.`outcome` IS NOT NEW.`outcome` OR OLD.`escalation_resolved_at` IS NOT NEW.`escalation_resolved_at`
  OR OLD.`patient_id` IS NOT NEW.`patient_id`
BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` IN (OLD.`patient_id`, NEW.`patient_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_follow_up_delete` AFTER DELETE ON `follow_ups` WHEN OLD.`outcome` = 'escalated' BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = OLD.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_patient_delete` AFTER DELETE ON `patients` BEGIN
  DELETE FROM `triage_snapshots` WHERE `patient_id` = OLD.`id`;
END;
--> statement-breakpoint
-- Enrolling creates the snapshot row, so the background refresher computes it before anyone asks.
CREATE TRIGGER `triage_stale_enrolment_insert` AFTER INSERT ON `enrolments` BEGIN
  INSERT OR IGNORE INTO `triage_snapshots` (`patient_id`) VALUES (NEW.`patient_id`);
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = NEW.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_enrolment_update` AFTER UPDATE ON `enrolments` BEGIN
  INSERT OR IGNORE INTO `triage_snapshots` (`patient_id`) VALUES (NEW.`patient_id`);
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` IN (OLD.`patient_id`, NEW.`patient_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_enrolment_delete` AFTER DELETE ON `enrolments` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0 WHERE `patient_id` = OLD.`patient_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `triage_stale_thresholds` AFTER UPDATE OF `thresholds` ON `programmes` BEGIN
  UPDATE `triage_snapshots` SET `gen` = `gen` + 1, `refresh_after` = 0
  WHERE `patient_id` IN (SELECT `patient_id` FROM `enrolments` WHERE `programme_id` = NEW.`id`);
END;
--> statement-breakpoint
-- Patients already enrolled when this ships: rows to be computed by the refresher.
INSERT OR IGNORE INTO `triage_snapshots` (`patient_id`) SELECT DISTINCT `patient_id` FROM `enrolments` WHERE `status` = 'active';
