<?php
/**
 * WordPress configuration for shop.acme-widgets.test
 *
 * Managed by hand on the VPS. Keep a copy in 1Password when you change it.
 */

// ** Database settings ** //
define( 'DB_NAME', 'acme_wp' );
define( 'DB_USER', 'acme_wp' );
define( 'DB_PASSWORD', 'Tq8#mLr2!vXc9pWz' );
define( 'DB_HOST', 'localhost' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );

/**#@+
 * Authentication unique keys and salts.
 * Regenerate them all at once to log everybody out.
 */
define( 'AUTH_KEY',         'q&1Z-x]kS@8N|wE?fake-salt-0001-d(J4r+Lb~Pm<T9v%eYh' );
define( 'SECURE_AUTH_KEY',  'Vb!7u$Qe)C^fake-salt-0002-3nHk_Wz.y@o>2GjTa|Ls*R5m' );
define( 'LOGGED_IN_KEY',    'Ph4{G>e8tfake-salt-0003-N!x^bK2=Zr;q]Ww7yM@c(UjD5s' );
define( 'NONCE_KEY',        'z9!Lm)T#fake-salt-0004-Wq^3aB&Xe{Kp8+Hr.Ny~Vu2<Jd' );
define( 'AUTH_SALT',        'Ck]6y%Rb^fake-salt-0005-u3Ze!P8q>Gw(Tm4$Hn_Lx1@Fs' );
define( 'SECURE_AUTH_SALT', 'Xr2^Lp(Qfake-salt-0006-z!7Nc%Bw|Ye5&Ku#Tm9)Ja+Hd' );
define( 'LOGGED_IN_SALT',   'Ja8~Ws>Dfake-salt-0007-m!2Qr^Ky{Hc5@Px.Nt7+Lb|Ez' );
define( 'NONCE_SALT',       'Fe3)Uy!Kfake-salt-0008-p^9Wd<Mq]Zs6$Rb%Gx2~Hn@Tc' );
/**#@-*/

$table_prefix = 'acm_';

define( 'WP_DEBUG', false );
define( 'WP_DEBUG_LOG', false );
define( 'DISALLOW_FILE_EDIT', true );
define( 'WP_MEMORY_LIMIT', '256M' );

/*
 * WP Mail SMTP - settings live here so nobody can change them in wp-admin.
 * Sending through SendGrid since the move off shared hosting (Jan 2024).
 */
define( 'WPMS_ON', true );
define( 'WPMS_MAIL_FROM', 'orders@acme-widgets.test' );
define( 'WPMS_MAIL_FROM_FORCE', true );
define( 'WPMS_MAIL_FROM_NAME', 'Acme Widgets' );
define( 'WPMS_MAILER', 'smtp' );
define( 'WPMS_SMTP_HOST', 'smtp.sendgrid.net' );
define( 'WPMS_SMTP_PORT', 25 );
define( 'WPMS_SSL', '' ); // '', 'ssl' or 'tls'
define( 'WPMS_SMTP_AUTH', true );
define( 'WPMS_SMTP_AUTOTLS', true );
define( 'WPMS_SMTP_USER', 'apikey' ); // yes, literally "apikey"
define( 'WPMS_SMTP_PASS', 'SG.fake-Xq3vR8tL0mZ2pK9w.fake-Yc6NbD4hJ7sQ1eU5aG8iO0rT3xW2vM9kP6zL1fB' );

/* Add any custom values between this line and the "stop editing" line. */

/* That's all, stop editing! Happy publishing. */

/** Absolute path to the WordPress directory. */
if ( ! defined( 'ABSPATH' ) ) {
	define( 'ABSPATH', __DIR__ . '/' );
}

/** Sets up WordPress vars and included files. */
require_once ABSPATH . 'wp-settings.php';
