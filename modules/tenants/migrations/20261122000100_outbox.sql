SELECT messaging.create_outbox('tenants');
