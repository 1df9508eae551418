-- 0004: number reserved for another branch (assigned to another engineer's
-- migration). This file only keeps the numbering gap-free on this branch;
-- when merging, keep the other branch's 0004 file and delete this one.
SELECT 1;
