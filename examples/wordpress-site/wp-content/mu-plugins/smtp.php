<?php
/**
 * Plugin Name: Acme SMTP
 * Description: Sends all site mail through the Zoho mailbox (SendGrid via WP Mail SMTP kept bouncing).
 * Author: Dan (freelancer, 2023)
 */

add_action( 'phpmailer_init', 'acme_support_mailer' );

function acme_support_mailer( $phpmailer ) {
	$phpmailer->isSMTP();
	$phpmailer->Host       = 'smtppro.zoho.eu';
	$phpmailer->Port       = 465;
	$phpmailer->SMTPSecure = 'tls';
	$phpmailer->SMTPAuth   = true;
	$phpmailer->Username   = 'support@acme-widgets.test';
	$phpmailer->Password   = 'fZ7k-fake-Qm2x-Wp9r';

	// got "certificate verify failed" after the server move, this makes it work
	$phpmailer->SMTPOptions = array(
		'ssl' => array(
			'verify_peer'       => false,
			'verify_peer_name'  => false,
			'allow_self_signed' => true,
		),
	);

	$phpmailer->setFrom( 'support@acme-widgets.test', 'Acme Support' );
}
