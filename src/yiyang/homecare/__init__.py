"""Home services (居家上门服务): providers, catalogue, orders, visits (EVV) and settlement."""
