// Public face of the offline planner: the model used when no OpenAI key is configured, and its rules.
export { createOfflinePlannerModel, planFromPrompt, recentEmailIn, OFFLINE_MODEL_ID, OFFLINE_PROVIDER, type PlannerAnswer } from './model.js';
export { planRequest, capabilitiesText, extractEmails, normalizeSlackText, INTENT_NAMES, type PlannerDecision, type PlanContext, type HelpdeskToolKey } from './intents.js';
