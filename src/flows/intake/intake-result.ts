/** What Jira is told about a delivery: ignored (and why), or stored (once). */
export type JiraIntakeResult = { ignored: string } | { status: 'accepted' | 'duplicate'; deliveryId: string };
