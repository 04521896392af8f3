-- The patient's condition(s). Existing patients stay NULL ("not set", the doctor fills it in from
-- the portal): a diagnosis is not inferred from which readings or medicines happen to be logged
-- (ADR 0008).
ALTER TABLE `patients` ADD `condition` text;