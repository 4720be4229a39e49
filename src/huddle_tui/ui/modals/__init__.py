"""Modal forms with inline validation, one per module; `form.FormModal` is their base."""
