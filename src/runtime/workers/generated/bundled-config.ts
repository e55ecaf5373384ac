// Generated from config/bridge.config.json by `npm run check:config -- --bundle` (the Worker build runs it).
// Do not edit.
export default {
  "scope": {
    "projects": [
      "ABC"
    ]
  },
  "tracker": {
    "kind": "asana",
    "projectGid": "1200000000000001"
  },
  "fields": {
    "status": {
      "field": "Delivery status",
      "map": {
        "To Do": "Planned",
        "Backlog": "Planned",
        "In Progress": "In development",
        "In Review": "In review",
        "Blocked": "Blocked",
        "Done": "Shipped"
      },
      "byCategory": {
        "new": "Planned",
        "indeterminate": "In development",
        "done": "Shipped"
      },
      "onDeleted": "Cancelled"
    },
    "assignee": {
      "field": "Engineer",
      "type": "text"
    },
    "priority": {
      "field": "Jira priority"
    },
    "fixVersions": {
      "field": "Release"
    },
    "sprint": {
      "field": "Sprint"
    },
    "dueDate": {
      "field": "Target date"
    },
    "storyPoints": {
      "field": "Story points"
    },
    "resolution": {
      "field": "Resolution"
    },
    "jiraKey": {
      "field": "Jira issue"
    }
  },
  "notifications": {
    "quietWindowMinutes": 3,
    "maxHoldMinutes": 10,
    "urgent": {
      "Delivery status": [
        "Shipped",
        "Blocked"
      ]
    },
    "recipients": {
      "followers": true,
      "requesterField": "Requester",
      "addRequesterAsFollower": true,
      "exclude": []
    }
  }
};
