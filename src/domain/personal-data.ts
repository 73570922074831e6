/**
 * 个人信息保护法: what is published must not carry personal information the publication does not
 * need. Bank details, contacts and identity numbers never appear in a 公示, on the portal or in
 * the list exported for publication, whatever a stored snapshot happens to hold.
 */
const PRIVATE_KEY = /bank|account|iban|contact|phone|mobile|tel|email|idcard|idnumber|identity|passport|legalrep|password|documentid|^id$/i;

export const isPrivateKey = (key: string) => PRIVATE_KEY.test(key);
