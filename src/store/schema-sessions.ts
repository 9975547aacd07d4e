/** Stored shape of people's sign-in: password hashes and sessions (migration 0009). */
export interface UserPasswordTable {
  user_id: string;
  /** `scrypt$N$r$p$<salt base64>$<key base64>` */
  hash: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 (hex) of the secret in the `dlx_session` cookie; the secret itself is never stored. */
  id: string;
  user_id: string;
  /** SHA-256 (hex) of the session's CSRF token. */
  csrf_hash: string;
  created_at: string;
  /** Sliding: moved forward as the session is used. */
  expires_at: string;
  last_seen_at: string;
  revoked_at: string | null;
}

export interface SessionTables {
  user_passwords: UserPasswordTable;
  sessions: SessionTable;
}
