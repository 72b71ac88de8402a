-- AlterTable
ALTER TABLE "users" ADD COLUMN     "update_seq" INTEGER NOT NULL DEFAULT 0;
