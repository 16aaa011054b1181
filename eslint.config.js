import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Besides the recommended rules, the lint enforces DESIGN.md's arrows: domain areas never import
// express or socket.io, and ivr/ never imports server/.
const DOMAIN_AREAS = ['server/calls/**', 'server/routing/**', 'server/users/**', 'server/privacy/**', 'server/db/**', 'server/contracts/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench/out/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: DOMAIN_AREAS,
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['express', 'express-*', 'socket.io', 'socket.io-*'], message: 'Domain areas never import express or socket.io (DESIGN.md).' },
      ] }],
    },
  },
  {
    files: ['ivr/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)server/', message: 'ivr/ never imports server/ (DESIGN.md).' },
        { group: ['express', 'express-*', 'typeorm', 'socket.io'], message: 'ivr/ is telephony as a library: no Express, database or Socket.IO (DESIGN.md).' },
      ] }],
    },
  },
  {
    files: ['console/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { regex: '(^|/)server/(?!contracts/)', message: 'The console imports only server/contracts (DESIGN.md).' },
      ] }],
    },
  },
);
