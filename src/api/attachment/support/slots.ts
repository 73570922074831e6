/**
 * Slots that no form declares (a form's keys start with a letter, so these cannot clash):
 * documents staff attach to a step, the applicant's 建设完成材料 for the completion step, and
 * its 绩效自评 files. Each is kept with the application like a form slot's files.
 */
export const STAFF_SLOT = '__staff';
export const COMPLETION_SLOT = '__completion';
export const PERFORMANCE_SLOT = '__performance';

/** A completion material's own slot (ActionRequirements.materials): `__completion.audit_report`. */
export const materialSlot = (key: string) => `${COMPLETION_SLOT}.${key}`;
/** The material key of a slot, if it is a material's. */
export const materialOf = (slot: string) => (slot.startsWith(`${COMPLETION_SLOT}.`) ? slot.slice(COMPLETION_SLOT.length + 1) : undefined);

/** What these slots are called where a person reads about them. */
export const SLOT_LABELS: Record<string, string> = {
  [STAFF_SLOT]: '所附材料',
  [COMPLETION_SLOT]: '建设完成材料',
  [PERFORMANCE_SLOT]: '绩效自评材料',
};

/** 建设完成材料 and 绩效自评 files: the types the completion form accepts (by content), their size and number. */
export const COMPLETION_RULES = { accept: ['pdf', 'jpg', 'png', 'docx', 'xlsx', 'zip', 'ofd'], maxSizeMb: 20, maxFiles: 20 };
