import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockFetch } from '../test/fetch-mock.js';
import { i18n } from '../lib/state/i18n.svelte.js';
import LoginPage from './LoginPage.svelte';

const options = (shared: boolean, accounts: boolean) => () => ({ body: { shared, accounts } });
const user = { id: 'shared:alice', name: 'alice', kind: 'shared' };

beforeEach(() => {
	localStorage.clear();
	i18n.locale = 'en';
});

afterEach(() => {
	vi.unstubAllGlobals();
});

describe('LoginPage', () => {
	it('asks for password and display name in shared-password mode', async () => {
		mockFetch({ 'GET /api/auth/options': options(true, false) });
		render(LoginPage, { onLoggedIn: vi.fn() });
		expect(await screen.findByTestId('login-name')).toBeInTheDocument();
		expect(screen.getByTestId('login-password')).toHaveAttribute(
			'autocomplete',
			'current-password',
		);
		expect(screen.queryByTestId('login-user-id')).toBeNull();
		expect(screen.queryByRole('tablist')).toBeNull();
	});

	it('asks for user id and password in account mode', async () => {
		mockFetch({ 'GET /api/auth/options': options(false, true) });
		render(LoginPage, { onLoggedIn: vi.fn() });
		expect(await screen.findByTestId('login-user-id')).toBeInTheDocument();
		await waitFor(() => expect(screen.queryByTestId('login-name')).toBeNull());
		expect(screen.getByLabelText('User ID')).toHaveAttribute('autocomplete', 'username');
	});

	it('offers both modes as tabs when both are enabled', async () => {
		mockFetch({ 'GET /api/auth/options': options(true, true) });
		render(LoginPage, { onLoggedIn: vi.fn() });
		const accountTab = await screen.findByRole('tab', { name: 'Account' });
		expect(screen.getByRole('tab', { name: 'Shared password' })).toHaveAttribute(
			'aria-selected',
			'true',
		);
		await fireEvent.click(accountTab);
		expect(accountTab).toHaveAttribute('aria-selected', 'true');
		expect(screen.getByTestId('login-user-id')).toBeInTheDocument();
		expect(screen.queryByTestId('login-name')).toBeNull();
	});

	it('logs in with the shared password and remembers the display name', async () => {
		const fetch = mockFetch({
			'GET /api/auth/options': options(true, false),
			'POST /login': () => ({ body: { ok: true, user } }),
		});
		const onLoggedIn = vi.fn();
		render(LoginPage, { next: '/r/abc', onLoggedIn });
		await fireEvent.input(await screen.findByTestId('login-password'), { target: { value: 'pw' } });
		await fireEvent.input(screen.getByTestId('login-name'), { target: { value: ' alice ' } });
		await fireEvent.click(screen.getByTestId('login-submit'));
		await waitFor(() => expect(onLoggedIn).toHaveBeenCalledWith('/r/abc'));
		const login = fetch.mock.calls.find(([, init]) => init?.method === 'POST');
		expect(JSON.parse(String(login?.[1]?.body))).toEqual({ password: 'pw', name: 'alice' });
		expect(localStorage.getItem('vt.displayName')).toBe('alice');
	});

	it('shows the rate-limit wait in seconds', async () => {
		mockFetch({
			'GET /api/auth/options': options(true, false),
			'POST /login': () => ({
				status: 429,
				body: { ok: false, error: 'rate_limited', retry_after_s: 42 },
			}),
		});
		render(LoginPage, { onLoggedIn: vi.fn() });
		await fireEvent.input(await screen.findByTestId('login-password'), { target: { value: 'pw' } });
		await fireEvent.click(screen.getByTestId('login-submit'));
		await waitFor(() => expect(screen.getByTestId('login-error')).toHaveTextContent('42 s'));
	});

	it('translates invalid credentials and missing fields', async () => {
		mockFetch({
			'GET /api/auth/options': options(true, false),
			'POST /login': () => ({ status: 401, body: { ok: false, error: 'invalid_credentials' } }),
		});
		i18n.locale = 'zh-CN';
		render(LoginPage, { onLoggedIn: vi.fn() });
		const submit = await screen.findByTestId('login-submit');
		await fireEvent.click(submit);
		expect(screen.getByTestId('login-error')).toHaveTextContent('请填写所有必填项');
		await fireEvent.input(screen.getByTestId('login-password'), { target: { value: 'bad' } });
		await fireEvent.click(submit);
		await waitFor(() =>
			expect(screen.getByTestId('login-error')).toHaveTextContent('密码或用户名不正确'),
		);
	});

	it('disables submit while the request is in flight', async () => {
		let answer: (reply: { status: number; body: unknown }) => void = () => {};
		mockFetch({
			'GET /api/auth/options': options(true, false),
			'POST /login': () => new Promise((resolve) => (answer = resolve)),
		});
		render(LoginPage, { onLoggedIn: vi.fn() });
		await fireEvent.input(await screen.findByTestId('login-password'), { target: { value: 'pw' } });
		const submit = screen.getByTestId('login-submit');
		await fireEvent.submit(submit.closest('form') as HTMLFormElement);
		await waitFor(() => expect(submit).toBeDisabled());
		answer({ status: 401, body: { ok: false, error: 'invalid_credentials' } });
		await waitFor(() => expect(submit).toBeEnabled());
		expect(screen.getByTestId('login-error')).toHaveTextContent('Wrong password');
	});

	it('reports a network error', async () => {
		mockFetch({
			'GET /api/auth/options': options(true, false),
			'POST /login': () => Promise.reject(new TypeError('Failed to fetch')),
		});
		render(LoginPage, { onLoggedIn: vi.fn() });
		await fireEvent.input(await screen.findByTestId('login-password'), { target: { value: 'pw' } });
		await fireEvent.click(screen.getByTestId('login-submit'));
		await waitFor(() =>
			expect(screen.getByTestId('login-error')).toHaveTextContent('Network error'),
		);
	});
});
