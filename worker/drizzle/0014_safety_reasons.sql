-- Structured reasons for missed doses said on a follow-up call (JSON array of MISSED_DOSE_REASONS).
-- A dose's skip reason needs no column: it is part of the stored request, like the extra-dose mark.
ALTER TABLE `follow_ups` ADD `missed_dose_reasons` text;
