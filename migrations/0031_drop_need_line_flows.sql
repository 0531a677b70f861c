-- need_line_flows (0012) was the rule need progress was read from before
-- need lines kept their figures (0027, 0029); nothing reads it now, and
-- need_line_progress (0029) is the one rule. lot_need_lines was read only
-- by it. Dropped so the schema names one rule, not two that may drift.
DROP VIEW need_line_flows;
DROP VIEW lot_need_lines;
