// Which Slack workspace and app this deployment serves, and the checks that keep everyone else out:
// an envelope (event or card click) must come from one of our team/enterprise ids and our app id,
// and a person must be a full member of one of our teams (no guests, no Slack Connect strangers).
// Pure; slack-api.ts learns the ids at startup when they are not configured.

export type SlackWorkspace = {
  /** Workspace (T...) and, for Enterprise Grid org-wide installs, enterprise (E...) ids we serve. */
  teamIds: readonly string[];
  /** Our app's id (A...): envelopes for another app are not ours, even when signed with our secret. */
  appId: string;
};

/** What an envelope claims about where it came from. */
export type EnvelopeOrigin = { teamId?: string; enterpriseId?: string; appId?: string };

export function isOurEnvelope(workspace: SlackWorkspace, origin: EnvelopeOrigin): boolean {
  const ours = (id: string | undefined) => id !== undefined && workspace.teamIds.includes(id);
  return origin.appId === workspace.appId && (ours(origin.teamId) || ours(origin.enterpriseId));
}

/** The users.info / users.lookupByEmail fields that say whether someone is one of us. */
export type SlackMember = {
  team_id?: string;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  enterprise_user?: { enterprise_id?: string };
};

/** `guest`: a multi- or single-channel guest; `external`: a Slack Connect user or anyone from another team. */
export function memberProblemOf(workspace: SlackWorkspace, user: SlackMember): 'guest' | 'external' | undefined {
  if (user.is_restricted === true || user.is_ultra_restricted === true) return 'guest';
  if (user.is_stranger === true) return 'external';
  const ours = (id: string | undefined) => id !== undefined && workspace.teamIds.includes(id);
  return ours(user.team_id) || ours(user.enterprise_user?.enterprise_id) ? undefined : 'external';
}
