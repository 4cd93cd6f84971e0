SELECT messaging.create_outbox('realtime_fixture');
