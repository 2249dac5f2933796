//! Indexes on the four 16-bit bands of each image's 64-bit perceptual hash
//! (`media.phash`), for the near-duplicate lookup by multi-index hashing
//! (`entries::duplicates`): expression indexes, so nothing has to keep extra
//! columns in step with the hash (the rehash rewrites `phash` alone).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for (band, shift) in [(0, 48), (1, 32), (2, 16), (3, 0)] {
            db.execute_unprepared(&format!(
                "CREATE INDEX idx_media_phash_b{band} ON media (((phash >> {shift}) & 65535))"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for band in 0..4 {
            db.execute_unprepared(&format!("DROP INDEX idx_media_phash_b{band}"))
                .await?;
        }
        Ok(())
    }
}
