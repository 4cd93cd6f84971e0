export * from './amqp-connection.js';
