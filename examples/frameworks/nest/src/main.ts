/**
 * Serves the example on 127.0.0.1:$PORT. The token module builds its client
 * while the app is created: a missing or bad key rejects NestFactory.create
 * with the core's error (abortOnError: false lets it reach Node, which prints
 * it with its code and exits non-zero).
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule, { abortOnError: false, logger: ['error', 'warn'] });
await app.listen(Number(process.env.PORT), '127.0.0.1');
console.log(`nest example listening on ${await app.getUrl()}`);
