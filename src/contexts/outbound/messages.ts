/** Copy of the outbound adapters: email subjects (Arabic first) and the opt-in source labels. */

/** Email subject by draft kind; drafts carry their words in the body, the subject only says what it is. */
export const EMAIL_SUBJECTS: Readonly<Record<string, string>> = {
  ticket_first_response: 'استلمنا طلبك — We received your request',
  ticket_reply: 'ردّ على طلب الدعم — Reply to your support request',
  quarterly_business_review: 'المراجعة الربعية — Quarterly business review',
};

export const DEFAULT_EMAIL_SUBJECT = 'رسالة من Dealix — A message from Dealix';

export const emailSubjectFor = (kind: string | undefined) =>
  (kind !== undefined && EMAIL_SUBJECTS[kind]) || DEFAULT_EMAIL_SUBJECT;

/** How a WhatsApp opt-in was given. */
export const OPT_IN_SOURCE_TEXT = {
  website_form: { label_ar: 'نموذج في الموقع', label_en: 'Website form' },
  signed_contract: { label_ar: 'عقد موقّع', label_en: 'Signed contract' },
  inbound_message: { label_ar: 'رسالة واردة من الرقم نفسه', label_en: 'Inbound message from the number' },
  written_consent: { label_ar: 'موافقة مكتوبة', label_en: 'Written consent' },
  lead_form: { label_ar: 'نموذج عملاء محتملين بموافقة صريحة', label_en: 'Lead form with explicit consent' },
} as const;
