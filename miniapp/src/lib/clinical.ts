// Clinical rules come from @steady/shared so the app tells the patient exactly what the API
// and the doctor's portal conclude from the same reading, even before it is uploaded.
export { bpAdvice, bpAlert, bpCategory, glucoseAlert, glucoseCategory, toMmol } from "@steady/shared";
