<?php
/**
 * WordPress configuration for www.bakery-example.test
 *
 * Secrets come from the environment (set in the PHP-FPM pool), never from this file.
 */

define( 'DB_NAME', getenv( 'WORDPRESS_DB_NAME' ) );
define( 'DB_USER', getenv( 'WORDPRESS_DB_USER' ) );
define( 'DB_PASSWORD', getenv( 'WORDPRESS_DB_PASSWORD' ) );
define( 'DB_HOST', getenv( 'WORDPRESS_DB_HOST' ) ?: 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

define( 'AUTH_KEY',         getenv( 'WORDPRESS_AUTH_KEY' ) );
define( 'SECURE_AUTH_KEY',  getenv( 'WORDPRESS_SECURE_AUTH_KEY' ) );
define( 'LOGGED_IN_KEY',    getenv( 'WORDPRESS_LOGGED_IN_KEY' ) );
define( 'NONCE_KEY',        getenv( 'WORDPRESS_NONCE_KEY' ) );
define( 'AUTH_SALT',        getenv( 'WORDPRESS_AUTH_SALT' ) );
define( 'SECURE_AUTH_SALT', getenv( 'WORDPRESS_SECURE_AUTH_SALT' ) );
define( 'LOGGED_IN_SALT',   getenv( 'WORDPRESS_LOGGED_IN_SALT' ) );
define( 'NONCE_SALT',       getenv( 'WORDPRESS_NONCE_SALT' ) );

$table_prefix = 'wp_';

define( 'WP_DEBUG', false );
define( 'WP_ENVIRONMENT_TYPE', 'production' );

// WP Mail SMTP through Postmark: 587 with STARTTLS ('tls' means STARTTLS in WP Mail SMTP).
define( 'WPMS_ON', true );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp.postmarkapp.com' );
define( 'WPMS_SMTP_PORT', 587 );
define( 'WPMS_SSL', 'tls' );
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_AUTOTLS', true );
// Postmark wants the server token as both the username and the password.
define( 'WPMS_SMTP_USER', getenv( 'POSTMARK_SERVER_TOKEN' ) );
define( 'WPMS_SMTP_PASS', getenv( 'POSTMARK_SERVER_TOKEN' ) );

// Old settings from the shared host, kept for reference until the move is done:
// define( 'WPMS_SMTP_HOST', 'mail.bakery-example.test' );
// define( 'WPMS_SMTP_PORT', 25 );
// define( 'WPMS_SMTP_PASS', 'Rk8-old-host-pw-2931' );

/* That's all, stop editing! Happy publishing. */

if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

require_once ABSPATH . 'wp-settings.php';
