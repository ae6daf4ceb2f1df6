ALTER TABLE "items" ADD COLUMN "erased_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "items" ADD COLUMN "erased_by" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "erased_at" timestamp with time zone;