<?php

declare(strict_types=1);

namespace Acme\Billing\Mail;

use PHPMailer\PHPMailer\PHPMailer;

/**
 * Builds the PHPMailer instance that sends invoices through Amazon SES.
 */
final class MailerFactory
{
    public static function create(): PHPMailer
    {
        $mailer = new PHPMailer(true);
        $mailer->isSMTP();
        $mailer->Host       = 'email-smtp.eu-west-1.amazonaws.com';
        $mailer->Port       = 587;
        $mailer->SMTPSecure = PHPMailer::ENCRYPTION_STARTTLS;
        $mailer->SMTPAuth   = true;
        // SES SMTP credentials (not the IAM secret), injected by the deploy pipeline.
        $mailer->Username   = (string) getenv('SES_SMTP_USERNAME');
        $mailer->Password   = (string) getenv('SES_SMTP_PASSWORD');
        $mailer->CharSet    = PHPMailer::CHARSET_UTF8;
        $mailer->setFrom('billing@acme-billing.test', 'Acme Billing');

        return $mailer;
    }
}
