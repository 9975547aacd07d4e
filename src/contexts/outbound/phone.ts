/**
 * Phone numbers in one form, E.164 with its '+' ('+966501234567'): opt-ins are stored and looked up
 * in it and WhatsApp messages are addressed from it, so '050 123 4567' and '+966 50 123 4567' are
 * one number. Pure; no I/O.
 */

/** Saudi Arabia's country calling code. */
const SA = '966';

/** Spaces, dashes, dots, brackets and the invisible direction marks that copying Arabic text adds. */
const SEPARATORS = /[\s\-().\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Arabic-Indic (٠–٩) and Eastern Arabic-Indic (۰–۹) digits as Latin ones. */
const latinDigits = (s: string) =>
  s
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660))
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0));

/**
 * The E.164 form of a phone number, or null when it is not one.
 *
 * International numbers start with '+' or '00'. Without either, only Saudi numbers are accepted,
 * because only they are unambiguous: the national form with its trunk zero ('0501234567'), the
 * nine-digit mobile form ('501234567') and the country code without its '+' ('966501234567').
 * A trunk zero kept after the country code ('+966 050…') is dropped, a common way to write it.
 *
 * @example normalizePhone('+966 50 123 4567') // '+966501234567'
 * @example normalizePhone('0501234567')       // '+966501234567'
 * @example normalizePhone('12345')            // null
 */
export function normalizePhone(input: string): string | null {
  if (typeof input !== 'string' || input.length > 40) return null;
  const s = latinDigits(input.trim()).replace(SEPARATORS, '');
  let digits: string;
  if (s.startsWith('+')) digits = s.slice(1);
  else if (s.startsWith('00')) digits = s.slice(2);
  else if (/^0[1-9][0-9]{8}$/.test(s)) digits = SA + s.slice(1);
  else if (/^5[0-9]{8}$/.test(s)) digits = SA + s;
  else if (/^966[0-9]{9}$/.test(s)) digits = s;
  else return null;
  if (!/^[0-9]+$/.test(digits)) return null;
  if (digits.length === 13 && digits.startsWith(`${SA}0`)) digits = SA + digits.slice(4);
  // Saudi numbers have nine digits after the country code and never start with zero.
  if (digits.startsWith(SA) && !/^966[1-9][0-9]{8}$/.test(digits)) return null;
  // E.164: a country code never starts with zero; at most 15 digits in all.
  if (!/^[1-9][0-9]{7,14}$/.test(digits)) return null;
  return `+${digits}`;
}

/**
 * A number with all but its country prefix and last two digits hidden, for the Ledger and logs.
 *
 * @example maskPhone('+966501234567') // '+9665******67'
 */
export function maskPhone(e164: string): string {
  if (e164.length <= 7) return '*'.repeat(e164.length);
  return `${e164.slice(0, 5)}${'*'.repeat(e164.length - 7)}${e164.slice(-2)}`;
}

/** The digits WhatsApp addresses a number by: E.164 without its '+'. */
export const waDigits = (e164: string) => e164.replace(/^\+/, '');
