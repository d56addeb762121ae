/** The result of one `hotpass doctor` check, shared by every check and every surface. */
export type CheckStatus = "pass" | "warn" | "fail";

export interface DoctorCheck {
  /** Short, stable name: "profile", "input", "otlp traces", "tunnel bastion-1", ... */
  name: string;
  status: CheckStatus;
  /** What was found. Never contains a header value, token or URL credentials. */
  message: string;
  /** What to do about it (always given for warn and fail). */
  fix?: string;
}

export const pass = (name: string, message: string): DoctorCheck => ({ name, status: "pass", message });
export const warn = (name: string, message: string, fix: string): DoctorCheck => ({ name, status: "warn", message, fix });
export const fail = (name: string, message: string, fix: string): DoctorCheck => ({ name, status: "fail", message, fix });

/** A HotpassError (or any error) as a failed check: its message and hint. */
export function failed(name: string, error: unknown, fallbackFix: string): DoctorCheck {
  const e = error as { message?: string; hint?: string };
  return fail(name, e?.message ?? String(error), e?.hint ?? fallbackFix);
}
