// The month's diary (GET /me/diary) and the monthly self-report (POST/GET /me/self-reports).
import type { SelfReportBody } from "@steady/shared";
import type { ApiClient } from "./client";

export interface DiaryDay {
  date: string;
  due: number;
  taken: number;
  skipped: number;
  missed: number;
  pending: number;
}

export interface SelfReport {
  id: string;
  month: string;
  answers: (number | null)[];
  score: number | null;
  perfect: boolean | null;
  submittedAt: string;
}

export interface Diary {
  month: string;
  from: string;
  to: string;
  timezone: string;
  days: DiaryDay[];
  doses: { due: number; taken: number; adherence: number | null; daysCovered: number | null };
  bpTarget: { systolic: number; diastolic: number };
  bp: { id: string; systolic: number; diastolic: number; measuredAt: string; outOfRange: boolean }[];
  glucoseRange: { low: number; high: number };
  glucose: {
    id: string;
    value: number;
    context: string;
    measuredAt: string;
    category: string;
    outOfRange: boolean;
  }[];
  sideEffects: { id: string; awareAt: string; symptoms: string[]; description: string | null }[];
  selfReport: SelfReport | null;
}

export const getDiary = (api: ApiClient, month?: string) =>
  api.call<Diary>("GET", `/me/diary${month ? `?month=${month}` : ""}`);

export const mySelfReports = (api: ApiClient) =>
  api.call<{ reports: SelfReport[] }>("GET", "/me/self-reports").then((r) => r.reports);

export const submitSelfReport = (api: ApiClient, body: SelfReportBody) =>
  api.call<SelfReport>("POST", "/me/self-reports", body);
