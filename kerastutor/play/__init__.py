"""The playground's parts: its data sets, input features and settings (the widget comes later)."""
