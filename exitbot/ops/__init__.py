"""Operations: Prometheus metrics and rate-limited alerts for whoever runs ExitBot."""
