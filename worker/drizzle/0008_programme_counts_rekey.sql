-- Programme counts (ADR 0007), re-keyed: only enrolment ("n") is counted per enrolment month; the
-- other per-clinic measures need no month, so they are one row per clinic (enrol_month 0). That
-- cuts the rows a dashboard reads by about two thirds. The triggers are replaced and the counts
-- rebuilt from the per-patient rows.
-- D1 allows at most 5 terms in a compound SELECT (see 0007), so the fixed measures come from one
-- VALUES list (measure, counted per enrolment month?, counted?) whose
-- first row is constant (SQLite cannot name a VALUES column whose first row refers to NEW/OLD) and each monthly bit mask has a statement of its own.
DROP TRIGGER IF EXISTS `programme_stats_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_update`;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_insert` AFTER INSERT ON `programme_patient_stats` BEGIN
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, CASE `column2` WHEN 1 THEN NEW.`enrol_month` ELSE 0 END, `column1`, 0, 1
  FROM (VALUES ('n', 1, 1), ('act7', 0, NEW.`active7` = 1), ('elig', 0, NEW.`first90_done` = 1), ('adh90', 0, NEW.`first90_adherent` = 1), ('bpa', 0, NEW.`bp_assessed` = 1), ('bpc', 0, NEW.`bp_controlled` = 1)) WHERE `column3`
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
    SELECT OLD.`clinic_id`, CASE `column2` WHEN 1 THEN OLD.`enrol_month` ELSE 0 END, `column1`, 0 FROM (VALUES ('n', 1, 1), ('act7', 0, OLD.`active7` = 1), ('elig', 0, OLD.`first90_done` = 1), ('adh90', 0, OLD.`first90_adherent` = 1), ('bpa', 0, OLD.`bp_assessed` = 1), ('bpc', 0, OLD.`bp_controlled` = 1)) WHERE `column3`
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
    SELECT OLD.`clinic_id`, CASE `column2` WHEN 1 THEN OLD.`enrol_month` ELSE 0 END, `column1`, 0 FROM (VALUES ('n', 1, 1), ('act7', 0, OLD.`active7` = 1), ('elig', 0, OLD.`first90_done` = 1), ('adh90', 0, OLD.`first90_adherent` = 1), ('bpa', 0, OLD.`bp_assessed` = 1), ('bpc', 0, OLD.`bp_controlled` = 1)) WHERE `column3`
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
  SELECT NEW.`programme_id`, NEW.`clinic_id`, CASE `column2` WHEN 1 THEN NEW.`enrol_month` ELSE 0 END, `column1`, 0, 1
  FROM (VALUES ('n', 1, 1), ('act7', 0, NEW.`active7` = 1), ('elig', 0, NEW.`first90_done` = 1), ('adh90', 0, NEW.`first90_adherent` = 1), ('bpa', 0, NEW.`bp_assessed` = 1), ('bpc', 0, NEW.`bp_controlled` = 1)) WHERE `column3`
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
DELETE FROM `programme_counts`;
--> statement-breakpoint
INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
SELECT s.`programme_id`, s.`clinic_id`, CASE v.`column2` WHEN 1 THEN s.`enrol_month` ELSE 0 END, v.`column1`, 0, count(*) FROM `programme_patient_stats` s
JOIN (VALUES ('n', 1), ('act7', 0), ('elig', 0), ('adh90', 0), ('bpa', 0), ('bpc', 0)) v
  ON CASE v.`column1` WHEN 'n' THEN 1 WHEN 'act7' THEN s.`active7` = 1 WHEN 'elig' THEN s.`first90_done` = 1 WHEN 'adh90' THEN s.`first90_adherent` = 1 WHEN 'bpa' THEN s.`bp_assessed` = 1 ELSE s.`bp_controlled` = 1 END
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
SELECT s.`programme_id`, s.`clinic_id`, 0, 'due', s.`enrol_month` + b.`j`, count(*) FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`due_mask` >> b.`j`) & 1
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
SELECT s.`programme_id`, s.`clinic_id`, 0, 'adh', s.`enrol_month` + b.`j`, count(*) FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`adh_mask` >> b.`j`) & 1
GROUP BY 1, 2, 3, 4, 5;
--> statement-breakpoint
INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
SELECT s.`programme_id`, '', s.`enrol_month`, 'act', s.`enrol_month` + b.`j`, count(*) FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`act_mask` >> b.`j`) & 1
GROUP BY 1, 2, 3, 4, 5;
