-- Programme figures (ADR 0007). `programme_counts` is kept equal to the sums over
-- `programme_patient_stats` by the triggers on that table, whoever writes it (the refresher, an
-- enrolment change, an erasure). Enrolments create, move and remove the per-patient rows; a new row
-- counts the patient as enrolled at once and is computed by the next refresh (`refresh_after` 0).
-- D1 allows at most 5 terms in a compound SELECT, so the fixed measures come from one VALUES
-- list (not UNION ALL) and each monthly bit mask has a statement of its own.
INSERT INTO `programme_bits` (`j`) VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9), (10), (11), (12), (13), (14), (15), (16), (17), (18), (19), (20), (21), (22), (23), (24), (25), (26), (27), (28), (29), (30), (31), (32), (33), (34), (35), (36), (37), (38), (39), (40), (41), (42), (43), (44), (45), (46), (47), (48), (49), (50), (51), (52);
--> statement-breakpoint
CREATE TRIGGER `programme_stats_insert` AFTER INSERT ON `programme_patient_stats` BEGIN
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, NEW.`enrol_month`, `column1`, 0, 1
  FROM (VALUES ('n', 1), ('act7', NEW.`active7` = 1), ('elig', NEW.`first90_done` = 1), ('adh90', NEW.`first90_adherent` = 1), ('bpa', NEW.`bp_assessed` = 1), ('bpc', NEW.`bp_controlled` = 1)) WHERE `column2`
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, 'due', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`due_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, 'adh', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`adh_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, '', NEW.`enrol_month`, 'act', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`act_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_delete` AFTER DELETE ON `programme_patient_stats` BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, OLD.`enrol_month`, `column1`, 0 FROM (VALUES ('n', 1), ('act7', OLD.`active7` = 1), ('elig', OLD.`first90_done` = 1), ('adh90', OLD.`first90_adherent` = 1), ('bpa', OLD.`bp_assessed` = 1), ('bpc', OLD.`bp_controlled` = 1)) WHERE `column2`
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, 0, 'due', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`due_mask` >> `j`) & 1
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, 0, 'adh', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`adh_mask` >> `j`) & 1
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT '', OLD.`enrol_month`, 'act', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`act_mask` >> `j`) & 1
  );
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_update` AFTER UPDATE ON `programme_patient_stats`
WHEN OLD.`programme_id` IS NOT NEW.`programme_id` OR OLD.`clinic_id` IS NOT NEW.`clinic_id` OR OLD.`enrol_month` IS NOT NEW.`enrol_month` OR OLD.`active7` IS NOT NEW.`active7` OR OLD.`first90_done` IS NOT NEW.`first90_done` OR OLD.`first90_adherent` IS NOT NEW.`first90_adherent` OR OLD.`bp_assessed` IS NOT NEW.`bp_assessed` OR OLD.`bp_controlled` IS NOT NEW.`bp_controlled` OR OLD.`due_mask` IS NOT NEW.`due_mask` OR OLD.`adh_mask` IS NOT NEW.`adh_mask` OR OLD.`act_mask` IS NOT NEW.`act_mask`
BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, OLD.`enrol_month`, `column1`, 0 FROM (VALUES ('n', 1), ('act7', OLD.`active7` = 1), ('elig', OLD.`first90_done` = 1), ('adh90', OLD.`first90_adherent` = 1), ('bpa', OLD.`bp_assessed` = 1), ('bpc', OLD.`bp_controlled` = 1)) WHERE `column2`
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, 0, 'due', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`due_mask` >> `j`) & 1
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, 0, 'adh', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`adh_mask` >> `j`) & 1
  );
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT '', OLD.`enrol_month`, 'act', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`act_mask` >> `j`) & 1
  );
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, NEW.`enrol_month`, `column1`, 0, 1
  FROM (VALUES ('n', 1), ('act7', NEW.`active7` = 1), ('elig', NEW.`first90_done` = 1), ('adh90', NEW.`first90_adherent` = 1), ('bpa', NEW.`bp_assessed` = 1), ('bpc', NEW.`bp_controlled` = 1)) WHERE `column2`
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, 'due', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`due_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, 'adh', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`adh_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, '', NEW.`enrol_month`, 'act', NEW.`enrol_month` + `j`, 1 FROM `programme_bits` WHERE (NEW.`act_mask` >> `j`) & 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_enrolment_insert` AFTER INSERT ON `enrolments` WHEN NEW.`status` = 'active' BEGIN
  INSERT OR IGNORE INTO `programme_patient_stats` (`patient_id`, `programme_id`, `clinic_id`, `enrol_month`)
  VALUES (NEW.`patient_id`, NEW.`programme_id`, NEW.`clinic_id`, CAST(strftime('%Y', NEW.`enrolled_at` / 1000 + 28800, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.`enrolled_at` / 1000 + 28800, 'unixepoch') AS INTEGER) - 1);
END;
--> statement-breakpoint
CREATE TRIGGER `programme_enrolment_update` AFTER UPDATE ON `enrolments` BEGIN
  DELETE FROM `programme_patient_stats` WHERE `patient_id` = OLD.`patient_id` AND (NEW.`status` != 'active' OR NEW.`patient_id` != OLD.`patient_id`);
  UPDATE `programme_patient_stats` SET `programme_id` = NEW.`programme_id`, `clinic_id` = NEW.`clinic_id`, `refresh_after` = 0
  WHERE `patient_id` = NEW.`patient_id` AND NEW.`status` = 'active';
  INSERT OR IGNORE INTO `programme_patient_stats` (`patient_id`, `programme_id`, `clinic_id`, `enrol_month`)
  SELECT NEW.`patient_id`, NEW.`programme_id`, NEW.`clinic_id`, CAST(strftime('%Y', NEW.`enrolled_at` / 1000 + 28800, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', NEW.`enrolled_at` / 1000 + 28800, 'unixepoch') AS INTEGER) - 1 WHERE NEW.`status` = 'active';
END;
--> statement-breakpoint
CREATE TRIGGER `programme_enrolment_delete` AFTER DELETE ON `enrolments` BEGIN
  DELETE FROM `programme_patient_stats` WHERE `patient_id` = OLD.`patient_id`;
END;
