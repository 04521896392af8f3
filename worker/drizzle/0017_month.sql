ALTER TABLE `programme_patient_stats` ADD `supply_assessed` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `programme_patient_stats` ADD `supply_adherent` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `programme_patient_stats` ADD `refill_due` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `programme_patient_stats` ADD `refill_on_time` integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Supply KPIs (issue 13, docs/definitions.md#supply-based-kpis): spa/spd count patients like the
-- other snapshot measures; rfd/rft are sums of each patient's refills due / on time (the first VALUES row is constant:
-- see 0008). The triggers
-- of 0008 are replaced with the same statements plus these; existing rows start at 0 and are
-- counted as the daily refresh recomputes them.
DROP TRIGGER IF EXISTS `programme_stats_insert`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_delete`;
--> statement-breakpoint
DROP TRIGGER IF EXISTS `programme_stats_update`;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_insert` AFTER INSERT ON `programme_patient_stats` BEGIN
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, CASE `column2` WHEN 1 THEN NEW.`enrol_month` ELSE 0 END, `column1`, 0, 1
  FROM (VALUES ('n', 1, 1), ('act7', 0, NEW.`active7` = 1), ('elig', 0, NEW.`first90_done` = 1), ('adh90', 0, NEW.`first90_adherent` = 1), ('bpa', 0, NEW.`bp_assessed` = 1), ('bpc', 0, NEW.`bp_controlled` = 1), ('spa', 0, NEW.`supply_assessed` = 1), ('spd', 0, NEW.`supply_adherent` = 1)) WHERE `column3`
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
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, `column1`, 0, `column2` FROM (VALUES ('-', 0), ('rfd', NEW.`refill_due`), ('rft', NEW.`refill_on_time`)) WHERE `column2` > 0
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_delete` AFTER DELETE ON `programme_patient_stats` BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, CASE `column2` WHEN 1 THEN OLD.`enrol_month` ELSE 0 END, `column1`, 0 FROM (VALUES ('n', 1, 1), ('act7', 0, OLD.`active7` = 1), ('elig', 0, OLD.`first90_done` = 1), ('adh90', 0, OLD.`first90_adherent` = 1), ('bpa', 0, OLD.`bp_assessed` = 1), ('bpc', 0, OLD.`bp_controlled` = 1), ('spa', 0, OLD.`supply_assessed` = 1), ('spd', 0, OLD.`supply_adherent` = 1)) WHERE `column3`
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
  UPDATE `programme_counts` SET `n` = `n` - (CASE `measure` WHEN 'rfd' THEN OLD.`refill_due` ELSE OLD.`refill_on_time` END)
  WHERE `programme_id` = OLD.`programme_id` AND `clinic_id` = OLD.`clinic_id` AND `enrol_month` = 0 AND `month` = 0 AND `measure` IN ('rfd', 'rft');
END;
--> statement-breakpoint
CREATE TRIGGER `programme_stats_update` AFTER UPDATE ON `programme_patient_stats`
WHEN OLD.`programme_id` IS NOT NEW.`programme_id` OR OLD.`clinic_id` IS NOT NEW.`clinic_id` OR OLD.`enrol_month` IS NOT NEW.`enrol_month` OR OLD.`active7` IS NOT NEW.`active7` OR OLD.`first90_done` IS NOT NEW.`first90_done` OR OLD.`first90_adherent` IS NOT NEW.`first90_adherent` OR OLD.`bp_assessed` IS NOT NEW.`bp_assessed` OR OLD.`bp_controlled` IS NOT NEW.`bp_controlled` OR OLD.`due_mask` IS NOT NEW.`due_mask` OR OLD.`adh_mask` IS NOT NEW.`adh_mask` OR OLD.`act_mask` IS NOT NEW.`act_mask` OR OLD.`supply_assessed` IS NOT NEW.`supply_assessed` OR OLD.`supply_adherent` IS NOT NEW.`supply_adherent` OR OLD.`refill_due` IS NOT NEW.`refill_due` OR OLD.`refill_on_time` IS NOT NEW.`refill_on_time`
BEGIN
  UPDATE `programme_counts` SET `n` = `n` - 1
  WHERE `programme_id` = OLD.`programme_id` AND (`clinic_id`, `enrol_month`, `measure`, `month`) IN (
    SELECT OLD.`clinic_id`, CASE `column2` WHEN 1 THEN OLD.`enrol_month` ELSE 0 END, `column1`, 0 FROM (VALUES ('n', 1, 1), ('act7', 0, OLD.`active7` = 1), ('elig', 0, OLD.`first90_done` = 1), ('adh90', 0, OLD.`first90_adherent` = 1), ('bpa', 0, OLD.`bp_assessed` = 1), ('bpc', 0, OLD.`bp_controlled` = 1), ('spa', 0, OLD.`supply_assessed` = 1), ('spd', 0, OLD.`supply_adherent` = 1)) WHERE `column3`
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
  UPDATE `programme_counts` SET `n` = `n` - (CASE `measure` WHEN 'rfd' THEN OLD.`refill_due` ELSE OLD.`refill_on_time` END)
  WHERE `programme_id` = OLD.`programme_id` AND `clinic_id` = OLD.`clinic_id` AND `enrol_month` = 0 AND `month` = 0 AND `measure` IN ('rfd', 'rft');
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, CASE `column2` WHEN 1 THEN NEW.`enrol_month` ELSE 0 END, `column1`, 0, 1
  FROM (VALUES ('n', 1, 1), ('act7', 0, NEW.`active7` = 1), ('elig', 0, NEW.`first90_done` = 1), ('adh90', 0, NEW.`first90_adherent` = 1), ('bpa', 0, NEW.`bp_assessed` = 1), ('bpc', 0, NEW.`bp_controlled` = 1), ('spa', 0, NEW.`supply_assessed` = 1), ('spd', 0, NEW.`supply_adherent` = 1)) WHERE `column3`
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
  INSERT INTO `programme_counts` (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`, `n`)
  SELECT NEW.`programme_id`, NEW.`clinic_id`, 0, `column1`, 0, `column2` FROM (VALUES ('-', 0), ('rfd', NEW.`refill_due`), ('rft', NEW.`refill_on_time`)) WHERE `column2` > 0
  ON CONFLICT (`programme_id`, `clinic_id`, `enrol_month`, `measure`, `month`) DO UPDATE SET `n` = `n` + excluded.`n`;
END;
