"""The register of disclosure requests (依申请公开) with their statutory clocks."""
