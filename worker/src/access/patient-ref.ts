// A patient id that has passed the access layer. Domain functions that read or write one
// patient's data take a PatientRef, not a string, so a route that forgets the scope check and
// the audit row does not compile. Only the access layer (and the patient session, which proves
// the caller is that patient) may mint one; access.test.ts checks that nothing else does.
declare const checked: unique symbol;
export type PatientRef = string & { readonly [checked]: true };

/** For the access layer and the patient session only. */
export function mintPatientRef(id: string): PatientRef {
  return id as PatientRef;
}
