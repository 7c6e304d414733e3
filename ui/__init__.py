"""The Qt desktop app: models, views, dialogs and background workers over the `briefing` core."""
