-- Programme counts (ADR 0007), re-keyed: only enrolment ("n") is counted per enrolment month; the
-- other per-clinic measures need no month, so they are one row per clinic (enrol_month 0). That
-- cuts the rows a dashboard reads by about two thirds. The triggers are replaced and the counts
-- rebuilt from the per-patient rows.
DROP TRIGGER IF EXISTS `programme_stats_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_update`;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_insert` AFTER INSERT ON `programme_patient_stats` BEGIN
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, c, e, m, mo, 1 FROM (
    SELECT NEW.`clinic_id` AS c, NEW.`enrol_month` AS e, 'n' AS m, 0 AS mo
    UNION ALL SELECT NEW.`clinic_id`, 0, 'act7', 0 WHERE NEW.`active7` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'elig', 0 WHERE NEW.`first90_done` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'adh90', 0 WHERE NEW.`first90_adherent` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'bpa', 0 WHERE NEW.`bp_assessed` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'bpc', 0 WHERE NEW.`bp_controlled` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'due', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`due_mask` >> `j`) & 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'adh', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`adh_mask` >> `j`) & 1
    UNION ALL SELECT '', NEW.`enrol_month`, 'act', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`act_mask` >> `j`) & 1
  ) WHERE 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_delete` AFTER DELETE ON `programme_patient_stats` BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id` AS c, OLD.`enrol_month` AS e, 'n' AS m, 0 AS mo
    UNION ALL SELECT OLD.`clinic_id`, 0, 'act7', 0 WHERE OLD.`active7` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'elig', 0 WHERE OLD.`first90_done` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'adh90', 0 WHERE OLD.`first90_adherent` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'bpa', 0 WHERE OLD.`bp_assessed` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'bpc', 0 WHERE OLD.`bp_controlled` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'due', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`due_mask` >> `j`) & 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'adh', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`adh_mask` >> `j`) & 1
    UNION ALL SELECT '', OLD.`enrol_month`, 'act', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`act_mask` >> `j`) & 1
  );
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_update` AFTER UPDATE ON `programme_patient_stats`
WHEN OLD.`programme_id` IS NOT NEW.`programme_id` OR OLD.`clinic_id` IS NOT NEW.`clinic_id` OR OLD.`enrol_month` IS NOT NEW.`enrol_month` OR OLD.`active7` IS NOT NEW.`active7` OR OLD.`first90_done` IS NOT NEW.`first90_done` OR OLD.`first90_adherent` IS NOT NEW.`first90_adherent` OR OLD.`bp_assessed` IS NOT NEW.`bp_assessed` OR OLD.`bp_controlled` IS NOT NEW.`bp_controlled` OR OLD.`due_mask` IS NOT NEW.`due_mask` OR OLD.`adh_mask` IS NOT NEW.`adh_mask` OR OLD.`act_mask` IS NOT NEW.`act_mask`
BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id` AS c, OLD.`enrol_month` AS e, 'n' AS m, 0 AS mo
    UNION ALL SELECT OLD.`clinic_id`, 0, 'act7', 0 WHERE OLD.`active7` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'elig', 0 WHERE OLD.`first90_done` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'adh90', 0 WHERE OLD.`first90_adherent` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'bpa', 0 WHERE OLD.`bp_assessed` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'bpc', 0 WHERE OLD.`bp_controlled` = 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'due', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`due_mask` >> `j`) & 1
    UNION ALL SELECT OLD.`clinic_id`, 0, 'adh', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`adh_mask` >> `j`) & 1
    UNION ALL SELECT '', OLD.`enrol_month`, 'act', OLD.`enrol_month` + `j` FROM `programme_bits` WHERE (OLD.`act_mask` >> `j`) & 1
  );
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, c, e, m, mo, 1 FROM (
    SELECT NEW.`clinic_id` AS c, NEW.`enrol_month` AS e, 'n' AS m, 0 AS mo
    UNION ALL SELECT NEW.`clinic_id`, 0, 'act7', 0 WHERE NEW.`active7` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'elig', 0 WHERE NEW.`first90_done` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'adh90', 0 WHERE NEW.`first90_adherent` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'bpa', 0 WHERE NEW.`bp_assessed` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'bpc', 0 WHERE NEW.`bp_controlled` = 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'due', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`due_mask` >> `j`) & 1
    UNION ALL SELECT NEW.`clinic_id`, 0, 'adh', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`adh_mask` >> `j`) & 1
    UNION ALL SELECT '', NEW.`enrol_month`, 'act', NEW.`enrol_month` + `j` FROM `programme_bits` WHERE (NEW.`act_mask` >> `j`) & 1
  ) WHERE 1
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + 1;
END;
--> statement-breakpoint
DELETE FROM `programme_counts`;
--> statement-breakpoint
INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
SELECT p, c, e, m, mo, count(*) FROM (
  SELECT `programme_id` AS p, `clinic_id` AS c, `enrol_month` AS e, 'n' AS m, 0 AS mo FROM `programme_patient_stats`
  UNION ALL SELECT `programme_id`, `clinic_id`, 0, 'act7', 0 FROM `programme_patient_stats` WHERE `active7` = 1
  UNION ALL SELECT `programme_id`, `clinic_id`, 0, 'elig', 0 FROM `programme_patient_stats` WHERE `first90_done` = 1
  UNION ALL SELECT `programme_id`, `clinic_id`, 0, 'adh90', 0 FROM `programme_patient_stats` WHERE `first90_adherent` = 1
  UNION ALL SELECT `programme_id`, `clinic_id`, 0, 'bpa', 0 FROM `programme_patient_stats` WHERE `bp_assessed` = 1
  UNION ALL SELECT `programme_id`, `clinic_id`, 0, 'bpc', 0 FROM `programme_patient_stats` WHERE `bp_controlled` = 1
  UNION ALL SELECT s.`programme_id`, s.`clinic_id`, 0, 'due', s.`enrol_month` + b.`j` FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`due_mask` >> b.`j`) & 1
  UNION ALL SELECT s.`programme_id`, s.`clinic_id`, 0, 'adh', s.`enrol_month` + b.`j` FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`adh_mask` >> b.`j`) & 1
  UNION ALL SELECT s.`programme_id`, '', s.`enrol_month`, 'act', s.`enrol_month` + b.`j` FROM `programme_patient_stats` s JOIN `programme_bits` b ON (s.`act_mask` >> b.`j`) & 1
) GROUP BY p, c, e, m, mo;
