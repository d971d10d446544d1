"""The pages: each module here defines a blueprint `bp`, which `web.create_app` registers."""
